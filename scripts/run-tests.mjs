// Runs every compiled test file with Node's built-in test runner. Node 20 takes directories but not
// globs and Node 22+ the reverse, so the files are listed here and passed explicitly.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";

const root = "dist/tests";
const files = readdirSync(root, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith(".test.js"))
    .map((f) => join(root, f))
    .sort();
const filter = process.argv.slice(2);
const selected = filter.length ? files.filter((f) => filter.some((p) => f.includes(p))) : files;
const run = spawnSync(process.execPath, ["--test", ...selected], { stdio: "inherit" });
process.exit(run.status ?? 1);
