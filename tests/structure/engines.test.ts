/**
 * `engines` says what the dependencies need: the lowest release of each Node line `package.json`
 * admits satisfies every installed package's own `engines.node` (so `npm ci` on a supported Node
 * prints no EBADENGINE), and no line that has reached end of life is admitted.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import semver from "semver";
import { repoRoot } from "../kusto/helpers";

interface Lock {
    packages: Record<string, { engines?: { node?: string } | string[] }>;
}

/** The lowest release of each line a range admits (`^22.13.0 || >=24` -> 22.13.0, 24.0.0). */
function lowestReleases(range: string): string[] {
    return range.split("||").map((part) => semver.minVersion(part)?.version ?? part);
}

/** Each installed package whose `engines.node` one of `releases` does not satisfy, and the release. */
function unmet(lock: Lock, releases: string[]): string[] {
    return Object.entries(lock.packages).flatMap(([path, pkg]) => {
        const node = Array.isArray(pkg.engines) ? undefined : pkg.engines?.node;
        return node === undefined ? [] : releases.filter((v) => !semver.satisfies(v, node)).map((v) => `${path || "(root)"} wants node ${node}, engines admits ${v}`);
    });
}

const manifest = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(join(repoRoot, "package-lock.json"), "utf8")) as Lock;

test("engines: every installed dependency runs on the lowest release of each Node line package.json admits", () => {
    const releases = lowestReleases(manifest.engines.node);
    assert.deepEqual(releases, ["22.13.0", "24.0.0"]);
    assert.deepEqual(unmet(lock, releases), []);
});

test("engines: Node 20 (end of life 2026-04-30) and older are not admitted", () => {
    assert.equal(semver.intersects(manifest.engines.node, "<22"), false, manifest.engines.node);
});

test("engines: a dependency that needs more than a supported line is named", () => {
    const tooNew: Lock = { packages: { "node_modules/a": { engines: { node: ">=24" } }, "node_modules/b": { engines: { node: ">=18" } }, "node_modules/c": { engines: ["node >= 0.8"] } } };
    assert.deepEqual(unmet(tooNew, lowestReleases("^22.13.0 || >=24")), ["node_modules/a wants node >=24, engines admits 22.13.0"]);
});
