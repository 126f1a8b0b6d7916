/**
 * Both HTTP clients against hostile loopback servers, through the real client libraries
 * (`@azure/core-rest-pipeline` for Fabric, `azure-kusto-data` for Kusto): a server that never
 * answers, an HTML page with status 200, secrets echoed in an error body, a `Location` on another
 * host, a certificate nobody trusts, throttling forever. Deadlines are injected (milliseconds, or
 * waits that are counted but not slept), so no test takes more than a second or two.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { FabricClient, FabricApiError, FabricInvalidAnswerError, newFabricStats, type FabricClientOptions } from "../../providers/fabric";
import { KustoMgmtClient, loadKustoData } from "../../providers/kusto/client";
import { Deadline, DeadlineExceededError } from "../../providers/deadline";
import { HostileServer, type Reply, type SeenRequest } from "../fakes/hostile-server";

const TOKEN = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ0ZXN0In0.c2VjcmV0LXNpZ25hdHVyZQ";
const SHOW = ".show database Telemetry schema as csl script";

/** A body that echoes every kind of secret a server could reflect. */
function echo(req: SeenRequest): string {
    return [
        `you sent ${req.authorization ?? ""}`,
        `raw ${TOKEN}`,
        "https://acct.blob.core.windows.net/c?sv=2024-01-01&sig=SASSECRETVALUE123",
        "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=STORAGEKEYSECRET==;EndpointSuffix=core.windows.net",
        "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=EHKEYSECRET=",
        "https://admin:P4ssw0rdSecret@proxy.example.com/",
    ].join(" | ");
}
const SECRETS = [TOKEN, "SASSECRETVALUE123", "STORAGEKEYSECRET", "EHKEYSECRET", "P4ssw0rdSecret"];

function assertNoSecret(text: string): void {
    for (const secret of SECRETS) {
        assert.ok(!text.includes(secret), `leaked ${secret}: ${text}`);
    }
}

async function withServer<T>(run: (server: HostileServer) => Promise<T>, options: { tls?: boolean } = {}): Promise<T> {
    const server = await HostileServer.start(options);
    try {
        return await run(server);
    } finally {
        await server.close();
    }
}

function fabric(server: HostileServer, extra: Partial<FabricClientOptions> = {}): { client: FabricClient; log: string[]; stats: ReturnType<typeof newFabricStats> } {
    const log: string[] = [];
    const stats = newFabricStats();
    const client = new FabricClient({ baseUrl: `${server.url}/v1`, token: TOKEN, delayScale: 0, stats, log: (l) => log.push(l), ...extra });
    return { client, log, stats };
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
    const error = await promise.then(
        () => undefined,
        (e: unknown) => e,
    );
    assert.ok(error instanceof Error, `expected a rejection, got ${String(error)}`);
    return error;
}

// ---- Fabric ----

test("Fabric, server that never answers: each attempt times out, each retry is announced, the deadline ends it with attempts and time", async () => {
    await withServer(async (server) => {
        server.reply = () => "hang";
        const { client, log } = fabric(server, { requestTimeoutMs: 100, deadlineMs: 1000, baseRetryDelayMs: 50, maxRetries: 50 });
        const error = await rejection(client.get("/workspaces"));
        assert.ok(error instanceof DeadlineExceededError, error.message);
        assert.match(error.message, /^Fabric API GET http:\/\/127\.0\.0\.1:\d+\/v1\/workspaces: gave up at the 1\.0 s deadline after (\d+) requests over \d\.\d s; last: no answer within 100 ms/);
        assert.match(error.message, /Raise it with the provider's requestTimeoutSeconds\/deadlineSeconds inputs or EDGE_FABRIC_REQUEST_TIMEOUT\/EDGE_FABRIC_DEADLINE/);
        const attempts = Number(/after (\d+) requests/.exec(error.message)?.[1]);
        assert.ok(attempts >= 2, error.message);
        assert.equal(server.requests.length, attempts);
        assert.equal(log.length, attempts - 1);
        assert.match(log[0], /^retrying Fabric API GET http:\/\/127\.0\.0\.1:\d+\/v1\/workspaces in 0\.\d s \(attempt 2\): no answer within 100 ms \(transient failure\)$/);
    });
});

test("Fabric, HTML with status 200: method, URL, status, content type and request id, no SyntaxError", async () => {
    await withServer(async (server) => {
        server.reply = () => ({ status: 200, headers: { requestid: "rid-html-1" }, body: "<html><body>Sign in to continue</body></html>" });
        const error = await rejection(fabric(server).client.get("/workspaces/abc"));
        assert.ok(error instanceof FabricInvalidAnswerError);
        assert.match(error.message, /^Fabric API GET http:\/\/127\.0\.0\.1:\d+\/v1\/workspaces\/abc answered 200 with a body that is not JSON \(content type text\/html; charset=utf-8\): "<html><body>Sign in to continue/);
        assert.match(error.message, /requestId: rid-html-1\. Something other than the Fabric API answered: check the API base URL and any HTTPS proxy/);
        assert.doesNotMatch(error.message, /SyntaxError|Unexpected token/);
    });
});

test("Fabric, HTML with status 200 on an operation poll: the poll's URL is named", async () => {
    await withServer(async (server) => {
        server.reply = (req): Reply =>
            req.method === "POST" ? { status: 202, headers: { location: `${server.url}/v1/operations/op-1`, "x-ms-operation-id": "op-1", "retry-after": "1" } } : { status: 200, headers: { "x-ms-request-id": "rid-poll" }, body: "<html>gateway</html>" };
        const error = await rejection(fabric(server).client.post("/workspaces/w/eventhouses", { displayName: "eh" }));
        assert.ok(error instanceof FabricInvalidAnswerError);
        assert.match(error.message, /^Fabric API GET http:\/\/127\.0\.0\.1:\d+\/v1\/operations\/op-1 answered 200 with a body that is not JSON .*requestId: rid-poll/);
    });
});

test("Fabric, secrets echoed in an error body: bearer token, JWT, sig=, AccountKey=, SharedAccessKey=, URL user info are redacted from message and stack", async () => {
    await withServer(async (server) => {
        server.reply = (req) => ({ status: 400, body: { errorCode: "BadRequest", message: echo(req), requestId: "rid-echo" } });
        const error = await rejection(fabric(server).client.get("/workspaces/abc"));
        assert.ok(error instanceof FabricApiError);
        assert.equal(error.status, 400);
        assertNoSecret(`${error.message}\n${String(error.stack)}\n${error.serviceMessage}`);
        assert.match(error.message, /you sent Bearer \[redacted\] \| raw \[redacted\] \| .*sig=\[redacted\] \| .*AccountKey=\[redacted\];.*SharedAccessKey=\[redacted\] \| https:\/\/\[redacted\]@proxy\.example\.com/);
        assert.match(error.message, /requestId: rid-echo/);
        // Sanity: the server really got the token, so the redaction is what kept it out.
        assert.equal(server.requests[0].authorization, `Bearer ${TOKEN}`);
    });
});

test("Fabric, a 202 whose Location is on another host: refused naming both hosts, no request (and no token) goes there", async () => {
    await withServer(async (server) => {
        await withServer(async (elsewhere) => {
            server.reply = () => ({ status: 202, headers: { location: `${elsewhere.url}/v1/operations/op-2`, "retry-after": "1" } });
            const error = await rejection(fabric(server).client.post("/workspaces/w/eventhouses", { displayName: "eh" }));
            const configured = new URL(server.url).host;
            const other = new URL(elsewhere.url).host;
            assert.match(error.message, new RegExp(`^Fabric API POST ${server.url}/v1/workspaces/w/eventhouses answered with Location ${elsewhere.url}/v1/operations/op-2, which is not on the configured API host ${configured}; refusing to send the bearer token to ${other}`));
            assert.equal(elsewhere.requests.length, 0);
        });
    });
});

test("Fabric, a certificate nobody trusts: one attempt, not retried, the TLS failure and its fix named", async () => {
    await withServer(
        async (server) => {
            const { client, stats, log } = fabric(server, { maxRetries: 5 });
            const error = await rejection(client.get("/workspaces"));
            assert.match(error.message, /^Fabric API GET https:\/\/127\.0\.0\.1:\d+\/v1\/workspaces failed: TLS failure talking to 127\.0\.0\.1:\d+ \((DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE)\): its certificate is not trusted, so the request was not retried\..*NODE_EXTRA_CA_CERTS.* \(1 request over \d\.\d s\)$/);
            assert.equal(stats.requests, 1);
            assert.deepEqual(log, []);
        },
        { tls: true },
    );
});

test("Fabric, 429 forever: each retry after the Retry-After the server sent, then the deadline with attempts and time", async () => {
    await withServer(async (server) => {
        server.reply = () => ({ status: 429, headers: { "retry-after": "10", requestid: "rid-429" }, body: { errorCode: "RequestBlocked", message: "Too many requests" } });
        const { client, log, stats } = fabric(server, { deadlineMs: 35_000, maxRetries: 100 });
        const error = await rejection(client.get("/workspaces"));
        assert.ok(error instanceof DeadlineExceededError);
        assert.match(error.message, /gave up at the 35 s deadline after 4 requests over 30 s; last: answered 429 \(request id rid-429\)/);
        assert.equal(stats.requests, 4);
        assert.deepEqual(
            log.map((l) => /in (\S+ s) \(attempt (\d)\)/.exec(l)?.slice(1).join(" ")),
            ["10 s 2", "10 s 3", "10 s 4"],
        );
        assert.match(log[0], /answered 429 \(request id rid-429\) \(throttled\)$/);
    });
});

test("Fabric, its own opaque token echoed bare (no Bearer, not JWT-shaped): removed as the client's own secret", async () => {
    await withServer(async (server) => {
        const own = "opaque-fabric-token-0123456789abcdef";
        server.reply = (req) => ({ status: 403, body: { errorCode: "Forbidden", message: `credential ${(req.authorization ?? "").slice("Bearer ".length)} lacks the role` } });
        const error = await rejection(fabric(server, { token: own }).client.get("/workspaces/abc"));
        assert.ok(error instanceof FabricApiError);
        assert.match(error.message, /failed with 403 Forbidden: credential \[redacted\] lacks the role/);
        assert.ok(!`${error.message}\n${String(error.stack)}\n${error.serviceMessage}`.includes(own));
        assert.equal(server.requests[0].authorization, `Bearer ${own}`);
    });
});

test("Fabric, an operation poll whose Location moves to another host: refused naming both hosts, nothing sent there", async () => {
    await withServer(async (server) => {
        await withServer(async (elsewhere) => {
            server.reply = (req): Reply =>
                req.method === "POST"
                    ? { status: 202, headers: { location: `${server.url}/v1/operations/op-3`, "retry-after": "1" } }
                    : { status: 200, headers: { location: `${elsewhere.url}/v1/operations/op-3`, "retry-after": "1" }, body: { status: "Running" } };
            const error = await rejection(fabric(server).client.post("/workspaces/w/eventhouses", { displayName: "eh" }));
            assert.match(error.message, new RegExp(`^Fabric API GET ${server.url}/v1/operations/op-3 answered with Location ${elsewhere.url}/v1/operations/op-3, which is not on the configured API host ${new URL(server.url).host}; refusing to send the bearer token to ${new URL(elsewhere.url).host}`));
            assert.equal(elsewhere.requests.length, 0);
        });
    });
});

// ---- Kusto ----

/** A Kusto client on `server` with injected limits; retry waits are counted, not slept. */
async function kusto(server: HostileServer, limits: { requestTimeoutMs?: number; deadlineMs?: number } = {}, token = TOKEN): Promise<{ open: Promise<KustoMgmtClient>; log: string[] }> {
    const log: string[] = [];
    // The SDK's first load can take seconds on a busy machine; it must not eat a deadline of milliseconds.
    await loadKustoData();
    const deadline = new Deadline({ ...limits, log: (l) => log.push(l) }, {});
    const open = KustoMgmtClient.open({ clusterUri: server.url, auth: { kind: "token", token }, retry: { sleep: () => Promise.resolve(), baseDelayMs: 100, maxAttempts: 100 }, deadline, limitSetting: "--deadline" });
    return { open, log };
}

/** Answers the SDK's cloud-metadata probe like a proxy without it (404), everything else with `mgmt`. */
function kustoReply(mgmt: (req: SeenRequest) => Reply): (req: SeenRequest) => Reply {
    return (req) => (req.path === "/v1/rest/auth/metadata" ? { status: 404, body: "not found" } : mgmt(req));
}

async function kustoCall(server: HostileServer, limits: { requestTimeoutMs?: number; deadlineMs?: number } = {}, token = TOKEN): Promise<{ error: Error; log: string[] }> {
    const { open, log } = await kusto(server, limits, token);
    const error = await rejection(
        open.then(async (client) => {
            try {
                return await client.showSchemaScript("Telemetry", SHOW);
            } finally {
                client.close();
            }
        }),
    );
    return { error, log };
}

test("Kusto, server that never answers the management call: per-request timeout, retries announced, deadline with attempts and time", async () => {
    await withServer(async (server) => {
        server.reply = kustoReply(() => "hang");
        // The metadata probe is answered at once; its timeout leaves room for a busy CI machine.
        const { error, log } = await kustoCall(server, { requestTimeoutMs: 400, deadlineMs: 2000 });
        assert.ok(error instanceof DeadlineExceededError, error.message);
        assert.match(error.message, /^POST http:\/\/127\.0\.0\.1:\d+\/v1\/rest\/mgmt \('\.show database Telemetry schema as csl script' on database Telemetry\): gave up at the 2\.0 s deadline after \d+ requests over \d\.\d s; last: no answer from Kusto at .* within \d\.\d s/);
        assert.match(error.message, /Raise it with --deadline/);
        const retries = log.filter((line) => line.includes("/v1/rest/mgmt"));
        assert.ok(retries.length >= 2, log.join("\n"));
        assert.match(retries[0], /^retrying POST .*\/v1\/rest\/mgmt .* in 0\.1 s \(attempt 2\): no answer from Kusto .* within 0\.4 s \(client request id edge-fabric;[0-9a-f-]{36}\) \[transient\]$/);
    });
});

test("Kusto, server that never answers the cloud-metadata probe: bounded too (the SDK's own probe has no timeout)", async () => {
    await withServer(async (server) => {
        server.reply = () => "hang";
        const { error } = await kustoCall(server, { requestTimeoutMs: 150, deadlineMs: 700 });
        assert.ok(error instanceof DeadlineExceededError, error.message);
        assert.match(error.message, /^GET http:\/\/127\.0\.0\.1:\d+\/v1\/rest\/auth\/metadata: gave up at the 0\.7 s deadline/);
        assert.ok(server.requests.every((r) => r.path === "/v1/rest/auth/metadata"));
    });
});

test("Kusto, HTML with status 200: method, URL, status and client request id instead of a TypeError about TableName", async () => {
    await withServer(async (server) => {
        server.reply = kustoReply(() => ({ status: 200, body: "<html><body>Proxy login</body></html>" }));
        const { error } = await kustoCall(server);
        assert.match(error.message, /^Kusto answered POST http:\/\/127\.0\.0\.1:\d+\/v1\/rest\/mgmt with status 200 but a body "<html><body>Proxy login<\/body><\/html>", not a Kusto result \(client request id edge-fabric;[0-9a-f-]{36}\)\. Something other than the cluster answered/);
        // Two requests: the cloud-metadata probe, then the one management call (not retried).
        assert.match(error.message, /\(2 requests over \d\.\d s\)$/);
        assert.doesNotMatch(error.message, /TypeError|TableName/);
    });
});

test("Kusto, secrets echoed in an error body are redacted from message and stack", async () => {
    await withServer(async (server) => {
        server.reply = kustoReply((req) => ({ status: 400, body: { error: { code: "BadRequest", message: "bad", "@message": echo(req), "@permanent": true } } }));
        const { error } = await kustoCall(server);
        assertNoSecret(`${error.message}\n${String(error.stack)}`);
        assert.match(error.message, /HTTP 400 BadRequest you sent Bearer \[redacted\] \| raw \[redacted\] \| .*sig=\[redacted\].*AccountKey=\[redacted\].*SharedAccessKey=\[redacted\].*https:\/\/\[redacted\]@proxy/);
        assert.equal(server.requests.at(-1)?.authorization, `Bearer ${TOKEN}`);
    });
});

test("Kusto, a redirect to another host is not followed: no request (and no token) goes there", async () => {
    await withServer(async (server) => {
        await withServer(async (elsewhere) => {
            server.reply = kustoReply(() => ({ status: 307, headers: { location: `${elsewhere.url}/v1/rest/mgmt` }, body: "" }));
            const { error } = await kustoCall(server);
            assert.match(error.message, /Kusto management call failed on http:\/\/127\.0\.0\.1:\d+\/Telemetry: '\.show database Telemetry schema as csl script': HTTP 307/);
            assert.equal(elsewhere.requests.length, 0);
        });
    });
});

test("Kusto, a certificate nobody trusts: one attempt, not retried, the TLS failure and its fix named", async () => {
    await withServer(
        async (server) => {
            const { error, log } = await kustoCall(server);
            assert.match(error.message, /TLS failure talking to 127\.0\.0\.1:\d+ \((DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE)\): its certificate is not trusted, so the request was not retried\..*NODE_EXTRA_CA_CERTS/);
            assert.match(error.message, /\(1 request over \d\.\d s\)$/);
            assert.equal(server.requests.length, 0);
            assert.deepEqual(log, []);
        },
        { tls: true },
    );
});

test("Kusto, 429 forever: retried after each Retry-After, then the deadline with attempts and time", async () => {
    await withServer(async (server) => {
        server.reply = kustoReply(() => ({ status: 429, headers: { "retry-after": "10" }, body: { error: { code: "TooManyRequests", message: "throttled", "@permanent": false } } }));
        const { error, log } = await kustoCall(server, { deadlineMs: 35_000 });
        assert.ok(error instanceof DeadlineExceededError, error.message);
        assert.match(error.message, /gave up at the 35 s deadline after 5 requests over 30 s; last: Kusto management call failed on .*HTTP 429 TooManyRequests throttled/);
        assert.deepEqual(
            log.map((l) => /in (\S+ s) \(attempt (\d)\)/.exec(l)?.slice(1).join(" ")),
            ["10 s 2", "10 s 3", "10 s 4"],
        );
    });
});

test("Kusto, HTML with status 200 on the cloud-metadata probe: the probe's URL, status and body named, not retried", async () => {
    await withServer(async (server) => {
        server.reply = () => ({ status: 200, body: "<html>captive portal</html>" });
        const { error, log } = await kustoCall(server);
        assert.match(error.message, /^Kusto cloud metadata probe GET http:\/\/127\.0\.0\.1:\d+\/v1\/rest\/auth\/metadata answered 200 a text\/html; charset=utf-8 body "<html>captive portal<\/html>" \(1 request over \d\.\d s\)$/);
        assert.deepEqual(log, []);
        assert.equal(server.requests.length, 1);
    });
});

test("Kusto, its own opaque token echoed bare (no Bearer, not JWT-shaped): removed as the client's own secret", async () => {
    await withServer(async (server) => {
        const own = "opaque-kusto-token-0123456789abcdef";
        server.reply = kustoReply((req) => ({ status: 403, body: { error: { code: "Forbidden", message: "no", "@message": `principal of ${(req.authorization ?? "").slice("Bearer ".length)} has no access`, "@permanent": true } } }));
        const { error } = await kustoCall(server, {}, own);
        assert.match(error.message, /HTTP 403 Forbidden principal of \[redacted\] has no access/);
        assert.ok(!`${error.message}\n${String(error.stack)}`.includes(own));
        assert.equal(server.requests.at(-1)?.authorization, `Bearer ${own}`);
    });
});
