import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { FabricClient, FabricApiError, FabricTimeoutError, newFabricStats, parseRetryAfter } from "../../providers/fabric";
import type { FabricClientOptions, FabricStats } from "../../providers/fabric";
import { FabricFake } from "../fakes/fabric-fake";
import { withEnv } from "../env";

const fake = new FabricFake();
let base = "";
before(async () => {
    base = await fake.start();
});
after(() => fake.stop());

function client(extra: Partial<FabricClientOptions> = {}): { c: FabricClient; stats: FabricStats } {
    const stats = newFabricStats();
    return { c: new FabricClient({ baseUrl: base, token: fake.token, delayScale: 0, stats, ...extra }), stats };
}

function waits(stats: FabricStats, reason: string): number[] {
    return stats.waits.filter((w) => w.reason === reason).map((w) => w.requestedMs);
}

test("429 with Retry-After is retried after exactly the delay the service asked for", async () => {
    const ws = fake.addWorkspace("throttle");
    fake.inject({ method: "GET", path: new RegExp(`^/workspaces/${ws}$`), status: 429, headers: { "Retry-After": "7" }, body: { errorCode: "RequestBlocked", message: "Too many requests" } });
    const { c, stats } = client();
    const got = await c.get<{ id: string }>(`/workspaces/${ws}`);
    assert.equal(got.id, ws);
    assert.deepEqual(waits(stats, "throttled"), [7000]);
    assert.equal(stats.throttled, 1);
    assert.equal(stats.requests, 2);
    assert.equal(fake.count("GET", new RegExp(`^/workspaces/${ws}$`)), 2);
});

test("Retry-After is read as seconds or as an HTTP date", () => {
    assert.equal(parseRetryAfter("30"), 30_000);
    assert.equal(parseRetryAfter(" "), undefined);
    assert.equal(parseRetryAfter(new Date(Date.UTC(2030, 0, 1, 0, 0, 10)).toUTCString(), Date.UTC(2030, 0, 1)), 10_000);
});

test("transient 5xx are retried with backoff, then the call succeeds", async () => {
    const ws = fake.addWorkspace("flaky");
    fake.inject({ method: "GET", path: new RegExp(`^/workspaces/${ws}$`), status: 503, times: 2, body: "<html>gateway</html>" });
    const { c, stats } = client({ baseRetryDelayMs: 1000 });
    await c.get(`/workspaces/${ws}`);
    const backoff = waits(stats, "transient");
    assert.equal(backoff.length, 2);
    assert.ok(backoff[0] >= 800 && backoff[0] <= 1200, `first backoff ${backoff[0]}`);
    assert.ok(backoff[1] >= 1600 && backoff[1] <= 2400, `second backoff ${backoff[1]}`);
    assert.equal(stats.retries, 2);
});

test("persistent 500 gives up after maxRetries with the error model surfaced", async () => {
    const ws = fake.addWorkspace("down");
    fake.inject({ method: "GET", path: new RegExp(`^/workspaces/${ws}$`), status: 500, times: 10, body: { errorCode: "InternalError", message: "boom", requestId: "11111111-2222-3333-4444-555555555555" } });
    const { c, stats } = client({ maxRetries: 2 });
    await assert.rejects(c.get(`/workspaces/${ws}`), (err: unknown) => {
        assert.ok(err instanceof FabricApiError);
        assert.equal(err.status, 500);
        assert.equal(err.errorCode, "InternalError");
        assert.equal(err.requestId, "11111111-2222-3333-4444-555555555555");
        assert.match(err.message, /GET http:\/\/127\.0\.0\.1:\d+\/v1\/workspaces\/.* failed with 500 InternalError: boom/);
        return true;
    });
    assert.equal(stats.requests, 3);
});

test("a 4xx error body (errorCode, message, requestId, moreDetails) is surfaced and not retried", async () => {
    const ws = fake.addWorkspace("bad");
    fake.inject({
        method: "POST",
        path: new RegExp(`^/workspaces/${ws}/eventhouses$`),
        status: 400,
        body: { errorCode: "InvalidInput", message: "The request has invalid input", requestId: "aaaaaaaa-0000-0000-0000-000000000001", moreDetails: [{ errorCode: "InvalidParameter", message: "minimumConsumptionUnits is invalid" }] },
    });
    const { c, stats } = client();
    await assert.rejects(c.post(`/workspaces/${ws}/eventhouses`, { displayName: "x" }), (err: unknown) => {
        assert.ok(err instanceof FabricApiError);
        assert.equal(err.errorCode, "InvalidInput");
        assert.equal(err.requestId, "aaaaaaaa-0000-0000-0000-000000000001");
        assert.deepEqual(err.moreDetails, [{ errorCode: "InvalidParameter", message: "minimumConsumptionUnits is invalid" }]);
        assert.match(err.message, /- InvalidParameter: minimumConsumptionUnits is invalid/);
        assert.match(err.message, /requestId: aaaaaaaa-0000-0000-0000-000000000001/);
        return true;
    });
    assert.equal(stats.requests, 1);
});

test("202 + Location + x-ms-operation-id + Retry-After: polls through unknown states, then reads the result", async () => {
    const ws = fake.addWorkspace("lro");
    fake.lro = { enabled: true, retryAfterSeconds: 3, pollsBeforeDone: 3, states: ["NotStarted", "Undefined", "Provisioning"] };
    try {
        const { c, stats } = client();
        const res = await c.post<{ id: string; displayName: string }>(`/workspaces/${ws}/eventhouses`, { displayName: "eh-lro" });
        assert.equal(res.status, 202);
        assert.equal(res.body?.displayName, "eh-lro");
        assert.ok(res.body?.id && fake.items.has(res.body.id));
        assert.equal(stats.operations, 1);
        assert.equal(stats.operationPolls, 4);
        assert.deepEqual(waits(stats, "operationPoll"), [3000, 3000, 3000, 3000]);
        assert.equal(fake.count("GET", /^\/operations\/[^/]+\/result$/), 1);
        assert.equal(stats.requests, 6); // POST, 4 polls, result
    } finally {
        fake.lro.enabled = false;
    }
});

test("a Failed operation raises its error with the operation id", async () => {
    const ws = fake.addWorkspace("lro-fail");
    fake.lro = { enabled: true, retryAfterSeconds: 1, pollsBeforeDone: 1, states: ["Running"] };
    fake.failNextOperation({ errorCode: "CapacityNotActive", message: "The capacity is paused", moreDetails: [{ errorCode: "Capacity", message: "resume it" }] });
    try {
        const { c } = client();
        await assert.rejects(c.post(`/workspaces/${ws}/eventhouses`, { displayName: "eh-fail" }), (err: unknown) => {
            assert.ok(err instanceof FabricApiError);
            assert.equal(err.errorCode, "CapacityNotActive");
            assert.ok(err.operationId);
            assert.ok(err.requestId);
            assert.match(err.message, /long-running operation [0-9a-f-]+ of POST .*failed with 200 CapacityNotActive: The capacity is paused/);
            assert.match(err.message, /- Capacity: resume it/);
            return true;
        });
    } finally {
        fake.lro.enabled = false;
    }
});

test("an operation that outlives the timeout raises FabricTimeoutError", async () => {
    const ws = fake.addWorkspace("lro-slow");
    fake.lro = { enabled: true, retryAfterSeconds: 30, pollsBeforeDone: 10, states: ["Running"] };
    try {
        const { c, stats } = client({ deadlineMs: 90_000 });
        await assert.rejects(c.post(`/workspaces/${ws}/eventhouses`, { displayName: "eh-slow" }), (err: unknown) => {
            assert.ok(err instanceof FabricTimeoutError);
            assert.match(err.message, /did not finish within the 90 s deadline \(last status Running, \d+% complete\), after \d+ requests over \d+ s\. .*raise the deadline/);
            return true;
        });
        assert.equal(stats.operationPolls, 2);
    } finally {
        fake.lro.enabled = false;
    }
});

test("list follows continuationToken across pages", async () => {
    const ws = fake.addWorkspace("paged");
    const { c, stats } = client();
    for (let i = 0; i < 5; i++) {
        await c.post(`/workspaces/${ws}/eventstreams`, { displayName: `es${i}` });
    }
    fake.pageSize = 2;
    try {
        const all = await c.list<{ displayName: string }>(`/workspaces/${ws}/eventstreams`);
        assert.deepEqual(all.map((i) => i.displayName).sort(), ["es0", "es1", "es2", "es3", "es4"]);
        assert.equal(stats.pages, 3);
        const tokens = fake.requests.filter((r) => r.method === "GET" && r.path === `/workspaces/${ws}/eventstreams`).map((r) => r.query.continuationToken);
        assert.equal(tokens[0], undefined);
        assert.equal(tokens.filter(Boolean).length, 2);
    } finally {
        fake.pageSize = 100;
    }
});

test("ItemDisplayNameNotAvailableYet (a name still reserved after a delete) is retried until it frees up", async () => {
    const ws = fake.addWorkspace("reserved");
    const { c, stats } = client({ nameRetryDelayMs: 5000 });
    const first = await c.post<{ id: string }>(`/workspaces/${ws}/eventstreams`, { displayName: "reused" });
    await c.delete(`/workspaces/${ws}/eventstreams/${first.body?.id}`);
    const second = await c.post<{ id: string }>(`/workspaces/${ws}/eventstreams`, { displayName: "reused" });
    assert.notEqual(second.body?.id, first.body?.id);
    assert.equal(waits(stats, "nameNotAvailableYet").length, 2);
    assert.ok(waits(stats, "nameNotAvailableYet")[0] >= 4000);
});

test("the token goes in the Authorization header; $EDGE_FABRIC_FABRIC_TOKEN is used when no token is given", async () => {
    const ws = fake.addWorkspace("auth");
    await withEnv({ EDGE_FABRIC_FABRIC_TOKEN: fake.token }, async () => {
        await new FabricClient({ baseUrl: base, delayScale: 0 }).get(`/workspaces/${ws}`);
        assert.equal(fake.requests.at(-1)?.authorization, `Bearer ${fake.token}`);
        process.env.EDGE_FABRIC_FABRIC_TOKEN = "wrong";
        await assert.rejects(new FabricClient({ baseUrl: base, delayScale: 0 }).get(`/workspaces/${ws}`), /401 TokenNotProvided/);
    });
});

test("plain http is refused except on loopback", () => {
    assert.throws(() => new FabricClient({ baseUrl: "http://api.fabric.example.com/v1" }), /must use https/);
});

test("connection failures are retried, then reported with the URL", async () => {
    const dead = new FabricFake();
    const url = await dead.start();
    await dead.stop();
    const stats = newFabricStats();
    await assert.rejects(new FabricClient({ baseUrl: url, token: "t", delayScale: 0, maxRetries: 2, stats }).get("/workspaces"), /Fabric API GET http:\/\/127\.0\.0\.1:\d+\/v1\/workspaces failed/);
    assert.equal(stats.requests, 3);
});

test("an attempt with no answer times out, is retried as transient, then reported", async () => {
    const ws = fake.addWorkspace("hang");
    fake.inject({ method: "GET", path: new RegExp(`^/workspaces/${ws}$`), status: 0, times: 2 });
    const { c, stats } = client({ requestTimeoutMs: 50, maxRetries: 1 });
    await assert.rejects(c.get(`/workspaces/${ws}`), /Fabric API GET .* failed: no answer within 50 ms/);
    assert.equal(stats.requests, 2);
    assert.equal(waits(stats, "transient").length, 1);
});
