import { test } from "node:test";
import assert from "node:assert/strict";
import { FakeKusto } from "../fakes/kusto-mgmt";
import { KustoMgmtClient } from "../../providers/kusto/client";
import { resolveAuth, validateClusterUri, TOKEN_ENV } from "../../providers/kusto/auth";
import { KustoRequestError } from "../../providers/kusto/errors";
import { withRetry } from "../../providers/kusto/retry";
import { parseRetryAfter } from "../../providers/retry-after";
import { Deadline } from "../../providers/deadline";

/** A hand-written schema in the form the service prints it (not produced by any code under test). */
const SEED = `.create-merge table Bronze (Data:dynamic) with (folder = "Medallion", docstring = "Raw telemetry")

.create-or-alter table Bronze ingestion json mapping "bronze_mapping" '[{"column":"Data","Properties":{"Path":"$"}}]'

.alter-merge table Bronze policy retention softdelete = 7d recoverability = enabled`;

async function withFake<T>(run: (fake: FakeKusto, client: KustoMgmtClient, delays: number[]) => Promise<T>): Promise<T> {
    const fake = await FakeKusto.start({ database: "Telemetry", script: SEED });
    const delays: number[] = [];
    const client = await KustoMgmtClient.open({
        clusterUri: fake.url,
        auth: { kind: "token", token: fake.token },
        retry: { sleep: (ms) => (delays.push(ms), Promise.resolve()), baseDelayMs: 100 },
    });
    try {
        return await run(fake, client, delays);
    } finally {
        client.close();
        await fake.close();
    }
}

test("reads the schema script through azure-kusto-data: one management request, one command per row", async () => {
    await withFake(async (fake, client) => {
        const text = await client.showSchemaScript("Telemetry", ".show database ['Telemetry'] schema as csl script with (IncludeIngestionMappings = true)");
        assert.equal(fake.requests.length, 1);
        assert.equal(client.requestCount, 1);
        const commands = text.split("\n\n");
        assert.equal(commands.length, 3);
        assert.match(commands[0], /^\.create-merge table Bronze \(Data:dynamic\) with \(folder = "Medallion"/);
        assert.match(commands[1], /ingestion json mapping "bronze_mapping"/);
        assert.equal(fake.requests[0].db, "Telemetry");
    });
});

test("executes a script and returns every result row; the fake's state changes", async () => {
    await withFake(async (fake, client) => {
        const rows = await client.executeScript(
            "Telemetry",
            ".execute database script <|\n.create-merge table Silver (Asset:string, Value:real)\n\n.alter table Silver policy caching hot = 31d",
        );
        assert.deepEqual(
            rows.map((r) => [r.commandType, r.result]),
            [
                ["TableCreateMerge", "Completed"],
                ["CachingPolicyAlter", "Completed"],
            ],
        );
        assert.match(rows[0].operationId, /^[0-9a-f-]{36}$/);
        assert.deepEqual(fake.db.columns("Silver"), ["Asset:string", "Value:real"]);
    });
});

test("429 is retried after the Retry-After the service sent; 503 with exponential backoff", async () => {
    await withFake(async (fake, client, delays) => {
        fake.faults.push({ status: 429, retryAfter: "2" }, { status: 503 }, { status: 503 });
        const text = await client.showSchemaScript("Telemetry", ".show database Telemetry schema as csl script");
        assert.match(text, /Bronze/);
        assert.deepEqual(delays, [2000, 200, 400]);
        assert.deepEqual(
            fake.requests.map((r) => r.status),
            [429, 503, 503, 200],
        );
    });
});

test("a permanent error is not retried and is reported with status, code, message and activity id", async () => {
    await withFake(async (fake, client, delays) => {
        fake.faults.push({ status: 400, code: "BadRequest_SyntaxError", message: "Syntax error: bad command" });
        const error = await client.showSchemaScript("Telemetry", ".show database Telemetry schema as csl script").catch((e: unknown) => e);
        assert.ok(error instanceof KustoRequestError);
        assert.equal(error.details.status, 400);
        assert.equal(error.details.permanent, true);
        assert.match(error.message, /HTTP 400 BadRequest_SyntaxError Syntax error: bad command/);
        assert.match(error.message, /activity id [0-9a-f-]{36}/);
        assert.equal(fake.requests.length, 1);
        assert.deepEqual(delays, []);
    });
});

test("a 5xx that Kusto marks @permanent is not retried", async () => {
    await withFake(async (fake, client) => {
        fake.faults.push({ status: 503, permanent: true, message: "Database is being deleted" });
        await assert.rejects(client.showSchemaScript("Telemetry", ".show database Telemetry schema as csl script"), /HTTP 503 .*Database is being deleted/);
        assert.equal(fake.requests.length, 1);
    });
});

test("retries stop after maxAttempts and the last failure is reported", async () => {
    await withFake(async (fake, client) => {
        fake.faults.push(...Array.from({ length: 6 }, () => ({ status: 500 })));
        await assert.rejects(client.showSchemaScript("Telemetry", ".show database Telemetry schema as csl script"), /HTTP 500 .*\[transient\]/);
        assert.equal(fake.requests.length, 5);
    });
});

test("a rejected token fails without retry and the message never contains a token", async () => {
    const fake = await FakeKusto.start({ database: "Telemetry" });
    const client = await KustoMgmtClient.open({ clusterUri: fake.url, auth: { kind: "token", token: "wrong-secret-token" } });
    try {
        const error = await client.showSchemaScript("Telemetry", ".show database Telemetry schema as csl script").catch((e: unknown) => e);
        assert.ok(error instanceof KustoRequestError);
        assert.equal(error.details.status, 401);
        assert.doesNotMatch(`${error.message} ${String(error.stack)}`, /wrong-secret-token/);
        assert.equal(fake.requests.length, 1);
    } finally {
        client.close();
        await fake.close();
    }
});

test("cluster URIs: https required except on the loopback", () => {
    assert.throws(() => validateClusterUri("http://mycluster.kusto.windows.net"), /must use https/);
    assert.throws(() => validateClusterUri("not a url"), /is not a URL/);
    assert.throws(() => validateClusterUri("https://u:p@x.kusto.windows.net"), /credentials/);
    assert.equal(validateClusterUri("https://x.westeurope.kusto.windows.net").hostname, "x.westeurope.kusto.windows.net");
    assert.equal(validateClusterUri("http://127.0.0.1:8080").port, "8080");
});

test("auth: explicit token, then EDGE_FABRIC_KUSTO_TOKEN, then DefaultAzureCredential", () => {
    assert.deepEqual(resolveAuth("a", { [TOKEN_ENV]: "b" }), { kind: "token", token: "a" });
    assert.deepEqual(resolveAuth(undefined, { [TOKEN_ENV]: " b " }), { kind: "token", token: "b" });
    const fallback = resolveAuth(undefined, {});
    assert.equal(fallback.kind, "credential");
});

test("Retry-After: seconds and HTTP dates", () => {
    assert.equal(parseRetryAfter("3"), 3000);
    assert.equal(parseRetryAfter("Wed, 21 Oct 2015 07:28:10 GMT", Date.parse("Wed, 21 Oct 2015 07:28:00 GMT")), 10_000);
    assert.equal(parseRetryAfter("soon"), undefined);
    assert.equal(parseRetryAfter(undefined), undefined);
});

test("a Retry-After beyond the cap is not waited for", async () => {
    let calls = 0;
    await assert.rejects(
        withRetry(
            () => {
                calls++;
                return Promise.reject(new Error("throttled"));
            },
            () => ({ retryable: true, retryAfterMs: 600_000 }),
            { sleep: () => Promise.resolve() },
            { deadline: new Deadline({ log: () => undefined }), what: "a call", setting: "--deadline" },
        ),
        /throttled/,
    );
    assert.equal(calls, 1);
});
