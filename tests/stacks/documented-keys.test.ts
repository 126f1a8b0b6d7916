/**
 * Every config key the README tells users to put in a site's stack file is accepted by the same
 * validator `plan` and `pulumi up` run: the README's own YAML examples are read and validated
 * inside the sample site's config, so the docs and the schema cannot drift apart.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parse } from "yaml";
import { FLEET_KEY, KUSTO_TOKEN_KEY, validateStackConfig } from "../../stacks/config";
import { formatProblem } from "../../components/validation";

const root = resolve(__dirname, "../../..");
// README and the reference pages under docs/ (the config reference, fleet, KQL engine, ...).
const docs = ["README.md", ...readdirSync(resolve(root, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)];
const readme = docs.map((f) => readFileSync(resolve(root, f), "utf8")).join("\n");
const sample = (parse(readFileSync(resolve(root, "Pulumi.dev.yaml"), "utf8")) as { config: Record<string, unknown> }).config;

/** The README's YAML code blocks that hold `config:` with `key`. */
function examples(key: string): Record<string, unknown>[] {
    // Blocks inside a list item are indented: remove the common indentation.
    const dedent = (text: string): string => {
        const indent = Math.min(...text.split("\n").filter((l) => l.trim()).map((l) => /^ */.exec(l)?.[0].length ?? 0));
        return text.split("\n").map((l) => l.slice(indent)).join("\n");
    };
    const blocks = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => dedent(m[1]));
    return blocks
        .map((text) => parse(text) as { config?: Record<string, unknown> } | null)
        .filter((doc): doc is { config: Record<string, unknown> } => Boolean(doc?.config && key in doc.config))
        .map((doc) => doc.config);
}

for (const key of [FLEET_KEY, KUSTO_TOKEN_KEY]) {
    test(`README's ${key} example is accepted in a site's stack file`, () => {
        const found = examples(key);
        assert.ok(found.length > 0, `README has no YAML example with ${key}`);
        for (const config of found) {
            assert.deepEqual(validateStackConfig({ ...sample, ...config }, { fromStackFile: true }).map(formatProblem), []);
        }
    });
}

test("an unknown edge-fabric key is still refused, with the documented keys offered", () => {
    assert.deepEqual(validateStackConfig({ ...sample, "edge-fabric:fleat": {} }, { fromStackFile: true }).map(formatProblem), ['edge-fabric:fleat: unknown config key (did you mean "edge-fabric:fleet"?)']);
});
