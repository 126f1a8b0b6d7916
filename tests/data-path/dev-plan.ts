// The dev site's planned resources (`resources.json` of `edge-fabric plan`), planned once per test file.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { run } from "../../cli/main";
import type { ResourceView } from "../../components/data-path";

const root = resolve(__dirname, "../../..");
let planned: Promise<ResourceView[]> | undefined;

export function devResources(): Promise<ResourceView[]> {
    planned ??= (async () => {
        const dir = mkdtempSync(join(tmpdir(), "dev-plan-"));
        try {
            assert.equal(await run(["plan", "--dir", root, "--out", dir], { out: () => undefined, err: () => undefined }), 0);
            return JSON.parse(readFileSync(join(dir, "resources.json"), "utf8")) as ResourceView[];
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    })();
    return planned;
}
