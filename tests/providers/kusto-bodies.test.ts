/**
 * Function bodies reach the server byte for byte and come back the same, whatever they hold: blank
 * lines (which separate commands everywhere else), CRLF line ends, trailing spaces, comments. Through
 * the provider's operations and the real client against the loopback fake.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { FakeKusto } from "../fakes/kusto-mgmt";
import { createOperations, type KqlDatabaseSchemaInputs } from "../../providers/kusto/operations";
import { loadSchema, readCslSchema } from "../../kusto";

const BODIES: Record<string, string> = {
    blank_lines: "\n    let x = 1;\n\n    // the answer\n\n    print x\n",
    crlf: "\r\n    print a = 1\r\n    | extend b = 2\r\n",
    trailing_spaces: "  \n    print 1   \n    | extend y = 2 \t\n",
    comments: "\n    // leading comment\n    print z = 3 // trailing comment\n    // last line comment\n",
};

const SCRIPT = [".create table T (a: string)", ...Object.entries(BODIES).map(([name, body]) => `.create-or-alter function ${name}() {${body}}`)].join("\n\n");

test("function bodies with blank lines, CRLF, trailing spaces and comments load, apply and read back byte for byte; a second deploy proposes nothing", async () => {
    const { model, diagnostics } = await loadSchema([{ path: "f.kql", text: SCRIPT }]);
    assert.deepEqual(diagnostics, []);
    for (const [name, body] of Object.entries(BODIES)) assert.equal(model.functions[name]?.body, body, name);

    const fake = await FakeKusto.start({ database: "Telemetry" });
    try {
        const ops = createOperations({ auth: () => ({ kind: "token", token: fake.token }), retry: { sleep: () => Promise.resolve() } });
        const inputs: KqlDatabaseSchemaInputs = { clusterUri: fake.url, database: "Telemetry", scripts: [{ path: "f.kql", text: SCRIPT }] };
        const first = await ops.check!({} as KqlDatabaseSchemaInputs, inputs);
        assert.equal(first.failures, undefined, JSON.stringify(first.failures));
        const created = await ops.create(first.inputs!);
        for (const [name, body] of Object.entries(BODIES)) {
            const stored = fake.db.entries.get(`function:${name}`) ?? "";
            assert.ok(stored.includes(`{${body}}`), `${name} is stored as written: ${JSON.stringify(stored)}`);
        }
        // The body with blank lines went in a request of its own, where no script splitting can cut it.
        assert.ok(fake.requests.some((r) => r.csl.startsWith(".create-or-alter function") && r.csl.includes("blank_lines()")));
        assert.ok(!fake.requests.some((r) => r.csl.startsWith(".execute") && r.csl.includes("blank_lines()")));
        const live = await readCslSchema(fake.db.script().join("\n"), "live");
        assert.deepEqual(live.diagnostics, []);
        for (const [name, body] of Object.entries(BODIES)) assert.equal(live.model.functions[name]?.body, body, `${name} reads back byte for byte`);
        const second = await ops.check!(created.outs as KqlDatabaseSchemaInputs, inputs);
        assert.deepEqual(second.inputs!.pendingCommands, []);
    } finally {
        await fake.close();
    }
});

test("an unclosed brace costs its own command only: the next command still reads", async () => {
    const { model, diagnostics } = await loadSchema([{ path: "f.kql", text: ".create-or-alter function broken() {\n    print 1\n\n.create table U (a: string)\n" }]);
    assert.ok(model.tables.U, "the table after the broken function is declared");
    assert.ok(diagnostics.some((d) => d.severity === "error" && d.line < 4), JSON.stringify(diagnostics));
});
