import { test } from "node:test";
import assert from "node:assert/strict";
import { redact, redactError, REDACTED } from "../../providers/redact";
import { Deadline, DeadlineExceededError, checkLimitInputs, formatDuration, parseDuration, resolveTimeouts, tlsFailure } from "../../providers/deadline";
import { workspaceProvider } from "../../providers/fabric/workspace";
import { createOperations } from "../../providers/kusto/operations";

test("redact: every documented secret shape, and literal secrets the caller names", () => {
    const cases: [string, string][] = [
        ["Authorization: Bearer abcdefghijklmnopqrstuvwxyz0123", `Authorization: Bearer ${REDACTED}`],
        ["token eyJhbGciOi.eyJzdWIiOiJ4In0.sig-part", `token ${REDACTED}`],
        ["https://a.blob.core.windows.net/c?sv=1&sig=abc%2Bdef&se=2", `https://a.blob.core.windows.net/c?sv=1&sig=${REDACTED}&se=2`],
        ["DefaultEndpointsProtocol=https;AccountName=a;AccountKey=k3y==;EndpointSuffix=x", `DefaultEndpointsProtocol=https;AccountName=a;AccountKey=${REDACTED};EndpointSuffix=x`],
        ["Endpoint=sb://n/;SharedAccessKeyName=s;SharedAccessKey=abc=", `Endpoint=sb://n/;SharedAccessKeyName=s;SharedAccessKey=${REDACTED}`],
        ["see https://user:pw@host.example.com/x", `see https://${REDACTED}@host.example.com/x`],
        ["refusing to send the bearer token there", "refusing to send the bearer token there"],
    ];
    for (const [input, expected] of cases) {
        assert.equal(redact(input), expected);
    }
    assert.equal(redact("the value opaque-secret-value appears", ["opaque-secret-value"]), `the value ${REDACTED} appears`);
    assert.equal(redact("short abc stays", ["abc"]), "short abc stays");
});

test("redactError: message, stack, own string fields and the cause chain, class kept", () => {
    class Failure extends Error {
        constructor(
            message: string,
            readonly detail: string,
            cause?: unknown,
        ) {
            super(message, { cause });
        }
    }
    const error = redactError(new Failure("outer my-long-secret-token", "detail my-long-secret-token", new Error("inner AccountKey=abc;")), ["my-long-secret-token"]);
    assert.ok(error instanceof Failure);
    assert.equal(error.message, `outer ${REDACTED}`);
    assert.equal(error.detail, `detail ${REDACTED}`);
    assert.doesNotMatch(String(error.stack), /my-long-secret-token/);
    assert.equal((error.cause as Error).message, `inner AccountKey=${REDACTED};`);
});

test("durations: seconds, ms, s, m, h; anything else names its source", () => {
    assert.equal(parseDuration("90", "x"), 90_000);
    assert.equal(parseDuration("500ms", "x"), 500);
    assert.equal(parseDuration("1.5s", "x"), 1500);
    assert.equal(parseDuration("5m", "x"), 300_000);
    assert.equal(parseDuration(" 1h ", "x"), 3_600_000);
    assert.throws(() => parseDuration("-1", "--deadline"), /^Error: --deadline: "-1" is not a duration/);
    assert.throws(() => parseDuration("0s", "--deadline"), /greater than zero/);
    assert.throws(() => parseDuration("10 minutes", "EDGE_FABRIC_DEADLINE"), /^Error: EDGE_FABRIC_DEADLINE: "10 minutes"/);
    assert.equal(formatDuration(1500), "1.5 s");
    assert.equal(formatDuration(42_000), "42 s");
    assert.equal(formatDuration(1_200_000), "20.0 min");
});

test("limits: options, else environment, else defaults of 2 minutes per request and 20 minutes per command", () => {
    assert.deepEqual(resolveTimeouts({}, {}), { requestTimeoutMs: 120_000, deadlineMs: 1_200_000 });
    assert.deepEqual(resolveTimeouts({}, { EDGE_FABRIC_REQUEST_TIMEOUT: "30s", EDGE_FABRIC_DEADLINE: "5m" }), { requestTimeoutMs: 30_000, deadlineMs: 300_000 });
    assert.deepEqual(resolveTimeouts({ requestTimeoutMs: 1, deadlineMs: 2 }, { EDGE_FABRIC_REQUEST_TIMEOUT: "30s" }), { requestTimeoutMs: 1, deadlineMs: 2 });
});

test("deadline: an attempt's timeout is cut to what is left; a wait that would pass it throws, naming how to raise it", () => {
    const log: string[] = [];
    const deadline = new Deadline({ requestTimeoutMs: 5000, deadlineMs: 10_000, log: (l) => log.push(l) }, {});
    assert.equal(deadline.attempt("GET x", "--deadline"), 5000);
    deadline.waited(8000, 0);
    assert.ok(deadline.attempt("GET x", "--deadline") <= 2000);
    deadline.announce({ what: "GET x", why: "503", waitMs: 100, nextAttempt: 3, setting: "--deadline" });
    assert.deepEqual(log, ["retrying GET x in 0.1 s (attempt 3): 503"]);
    assert.throws(
        () => deadline.announce({ what: "GET x", why: "503", waitMs: 5000, nextAttempt: 4, setting: "--deadline", cause: "answered 503" }),
        (e: unknown) => e instanceof DeadlineExceededError && /^GET x: gave up at the 10 s deadline after 2 requests over 8\.\d s; last: answered 503\. Raise it with --deadline/.test(e.message),
    );
});

test("TLS failures are recognised through the cause chain; other network errors are not", () => {
    assert.equal(tlsFailure(Object.assign(new Error("x"), { code: "DEPTH_ZERO_SELF_SIGNED_CERT" })), "DEPTH_ZERO_SELF_SIGNED_CERT");
    assert.equal(tlsFailure(new Error("fetch failed", { cause: Object.assign(new Error("y"), { code: "CERT_HAS_EXPIRED" }) })), "CERT_HAS_EXPIRED");
    assert.equal(tlsFailure(Object.assign(new Error("x"), { code: "ERR_TLS_CERT_ALTNAME_INVALID" })), "ERR_TLS_CERT_ALTNAME_INVALID");
    assert.equal(tlsFailure(Object.assign(new Error("x"), { code: "ECONNRESET" })), undefined);
});

test("resource limit inputs: positive seconds or absent; the Fabric and Kusto providers refuse anything else by property", async () => {
    assert.deepEqual(checkLimitInputs({ requestTimeoutSeconds: 30 }), []);
    assert.deepEqual(checkLimitInputs({ deadlineSeconds: -1, requestTimeoutSeconds: "x" }), [
        { property: "requestTimeoutSeconds", reason: 'must be a number of seconds greater than zero, got "x"' },
        { property: "deadlineSeconds", reason: "must be a number of seconds greater than zero, got -1" },
    ]);
    const workspace = await workspaceProvider().check({} as never, { apiBaseUrl: "", displayName: "ws", description: "", deadlineSeconds: 0 });
    assert.deepEqual(workspace.failures, [{ property: "deadlineSeconds", reason: "must be a number of seconds greater than zero, got 0" }]);
    const kusto = await createOperations().check!({} as never, { clusterUri: "https://x.kusto.windows.net", database: "db", scripts: [{ path: "a.kql", text: ".create table T (a:int)" }], requestTimeoutSeconds: Number.NaN });
    assert.deepEqual(kusto.failures, [{ property: "requestTimeoutSeconds", reason: "must be a number of seconds greater than zero, got null" }]);
});
