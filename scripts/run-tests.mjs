// Runs every compiled test file with Node's built-in test runner. Node 20 takes directories but not
// globs and Node 22+ the reverse, so the files are listed here and passed explicitly.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { availableParallelism } from "node:os";

const root = "dist/tests";
const files = readdirSync(root, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith(".test.js"))
    .map((f) => join(root, f))
    .sort();
const filter = process.argv.slice(2);
const selected = filter.length ? files.filter((f) => filter.some((p) => f.includes(p))) : files;
// Node runs files one at a time on a 2-core machine (cores - 1); one file per core keeps both busy.
// EDGE_FABRIC_TEST_CONCURRENCY overrides.
const concurrency = Number(process.env.EDGE_FABRIC_TEST_CONCURRENCY ?? availableParallelism());
const run = spawnSync(process.execPath, ["--test", `--test-concurrency=${concurrency}`, ...selected], { stdio: "inherit" });
process.exit(run.status ?? 1);
