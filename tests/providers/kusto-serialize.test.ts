/**
 * The provider serialized the way `pulumi.dynamic.Resource` serializes it, then evaluated in a fresh
 * Node process the way Pulumi's provider host does (`require-from-string(text).handler()`, working
 * directory = the program folder), and called against the loopback fake: proves the run-time load
 * of the operations module and of the ESM-only azure-kusto-data, and that the state holds no token.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { FakeKusto } from "../fakes/kusto-mgmt";
import { kqlSchemaProvider } from "../../providers/kusto/provider";
import { readScriptsDir } from "../../providers/kusto/scripts";

const repoRoot = path.resolve(__dirname, "..", "..", "..");

const HOST = `
const requireFromString = require("require-from-string");
const fs = require("node:fs");
const provider = requireFromString(fs.readFileSync(process.argv[2], "utf8")).handler();
const inputs = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
(async () => {
    await provider.configure({ config: { get: () => undefined, require: () => { throw new Error("none"); } } });
    const checked = await provider.check({}, inputs);
    const created = await provider.create(checked.inputs);
    process.stdout.write(JSON.stringify({ pending: checked.inputs.pendingCommands.length, id: created.id, applied: created.outs.appliedCommands.length }));
})().catch((e) => { process.stderr.write(String(e && e.stack || e)); process.exit(3); });
`;

test("the serialized provider loads in a fresh host process and applies the schema through azure-kusto-data", async () => {
    const fake = await FakeKusto.start({ database: "Telemetry" });
    try {
        // Exactly what pulumi.dynamic.Resource does with the provider object it is given.
        const provider = kqlSchemaProvider();
        const serialized = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
        assert.match(serialized.text, /"\.\/dist\/providers\/kusto\/operations\.js"/, "the module path is recorded relative to the program folder");
        assert.ok(serialized.text.length < 20_000, `the serialized provider stays small (${serialized.text.length} chars)`);
        assert.doesNotMatch(serialized.text, new RegExp(fake.token));
        assert.doesNotMatch(serialized.text, /azure-kusto-data/, "the SDK is loaded by operations.js, not by serialized text");

        const dir = mkdtempSync(path.join(tmpdir(), "ef-provider-"));
        writeFileSync(path.join(dir, "provider.js"), serialized.text);
        writeFileSync(path.join(dir, "host.js"), HOST);
        writeFileSync(path.join(dir, "inputs.json"), JSON.stringify({ clusterUri: fake.url, database: "Telemetry", scripts: readScriptsDir(path.join(repoRoot, "kql")) }));
        const output = await new Promise<string>((resolve, reject) => {
            execFile(
                process.execPath,
                [path.join(dir, "host.js"), path.join(dir, "provider.js"), path.join(dir, "inputs.json")],
                { cwd: repoRoot, env: { ...process.env, EDGE_FABRIC_KUSTO_TOKEN: fake.token, NODE_PATH: path.join(repoRoot, "node_modules") } },
                (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout)),
            );
        });
        const result = JSON.parse(output) as { pending: number; id: string; applied: number };
        assert.ok(result.pending > 0);
        assert.equal(result.applied, result.pending);
        assert.equal(result.id, `${fake.url}/databases/Telemetry`);
        assert.deepEqual([fake.shows, fake.executes], [1, 1]);
        assert.deepEqual(fake.db.columns("Bronze"), ["Data:dynamic"]);
    } finally {
        await fake.close();
    }
});
