/**
 * The CI definitions `fleet plan` writes are plain YAML (no anchors, aliases or merge keys) and
 * pass independent validators: GitHub workflows the SchemaStore `github-workflow` JSON schema
 * through `@action-validator/core` (the repository's own workflows too), Azure Pipelines the
 * documented top-level shape (https://learn.microsoft.com/azure/devops/pipelines/yaml-schema/pipeline),
 * since it rejects anchors outright (https://github.com/microsoft/azure-pipelines-yaml/issues/187).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isAlias, isMap, isNode, parseDocument, visit } from "yaml";
import { validateWorkflow } from "@action-validator/core";
import { run } from "../../cli/main";
import { fixtureProject, repoRoot } from "./helpers";

/** Anchors, aliases and merge keys anywhere in the document, as `what at offset`. */
function yamlSharing(text: string): string[] {
    const found: string[] = [];
    visit(parseDocument(text, { merge: false }), {
        Node: (_key, node) => {
            if (isAlias(node)) {
                found.push(`alias *${node.source} at ${node.range?.[0]}`);
            } else if (isNode(node) && node.anchor) {
                found.push(`anchor &${node.anchor} at ${node.range?.[0]}`);
            }
        },
        Pair: (_key, pair) => {
            if (isNode(pair.key) && (pair.key as { value?: unknown }).value === "<<") {
                found.push("merge key <<");
            }
        },
    });
    return found;
}

async function generate(operation: "up" | "drift"): Promise<{ github: string; azure: string }> {
    const dir = mkdtempSync(join(tmpdir(), "fleet-ci-"));
    const out: string[] = [];
    const err: string[] = [];
    const code = await run(["fleet", "plan", "--dir", fixtureProject, "--workflow-operation", operation, "--matrix-limit", "2", "--github", join(dir, "gh.yml"), "--azure-devops", join(dir, "ado.yml")], {
        out: (l) => out.push(l),
        err: (l) => err.push(l),
    });
    assert.equal(code, 0, err.join("\n"));
    return { github: readFileSync(join(dir, "gh.yml"), "utf8"), azure: readFileSync(join(dir, "ado.yml"), "utf8") };
}

const PIPELINE_KEYS = ["name", "appendCommitMessageToRunName", "trigger", "pr", "schedules", "resources", "variables", "parameters", "lockBehavior", "pool", "extends", "stages", "jobs", "steps"];

for (const operation of ["up", "drift"] as const) {
    test(`fleet plan --workflow-operation ${operation}: the GitHub workflow is plain YAML and valid against the workflow schema`, async () => {
        const { github } = await generate(operation);
        assert.deepEqual(yamlSharing(github), []);
        assert.deepEqual(validateWorkflow(github).errors, []);
    });

    test(`fleet plan --workflow-operation ${operation}: the Azure pipeline is plain YAML with the documented top-level shape`, async () => {
        const { azure } = await generate(operation);
        assert.deepEqual(yamlSharing(azure), []);
        const doc = parseDocument(azure);
        assert.deepEqual(doc.errors, []);
        const root = doc.toJS() as Record<string, unknown>;
        assert.deepEqual(Object.keys(root).filter((k) => !PIPELINE_KEYS.includes(k)), []);
        const stages = root.stages as { stage?: string; jobs?: { job?: string; deployment?: string }[] }[];
        assert.ok(Array.isArray(stages) && stages.length > 1);
        for (const stage of stages) {
            assert.match(stage.stage ?? "", /^[A-Za-z_][A-Za-z0-9_]*$/, "stage ids are letters, digits and _");
            assert.ok(stage.jobs?.every((j) => typeof (j.job ?? j.deployment) === "string"), JSON.stringify(stage));
        }
        assert.ok(isMap(doc.contents));
    });
}

test("the repository's own workflows are plain YAML and valid against the workflow schema", () => {
    const dir = join(repoRoot, ".github", "workflows");
    for (const file of readdirSync(dir).filter((f) => /\.ya?ml$/.test(f))) {
        const text = readFileSync(join(dir, file), "utf8");
        assert.deepEqual(yamlSharing(text), [], file);
        assert.deepEqual(validateWorkflow(text).errors, [], file);
    }
});
