/**
 * The CLI under slow and hostile answers and secret-bearing input: `kql apply` limits (flags and
 * environment), retries announced on stderr, and the one redaction step over every message.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as path from "node:path";
import { run } from "../../cli/main";
import { loadKustoData } from "../../providers/kusto/client";
import { HostileServer } from "../fakes/hostile-server";

const kqlDir = path.resolve(__dirname, "..", "..", "..", "kql");
const TOKEN = "cli-token-0123456789abcdefghijklmnop";

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await run(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out: out.join("\n"), err: err.join("\n") };
}

function assertNoStack(text: string): void {
    assert.doesNotMatch(text, /\n\s+at .+:\d+:\d+/);
}

test("kql apply against a cluster that never answers: retries on stderr, exit 1 at the deadline with requests and time", async () => {
    const server = await HostileServer.start();
    server.reply = (req) => (req.path === "/v1/rest/auth/metadata" ? { status: 404, body: "" } : "hang");
    await loadKustoData();
    try {
        const res = await cli(["kql", "apply", kqlDir, "--cluster", server.url, "--database", "Telemetry", "--token", TOKEN, "--request-timeout", "150ms", "--deadline", "3s"]);
        assert.equal(res.code, 1);
        assert.match(res.err, /^retrying POST http:\/\/127\.0\.0\.1:\d+\/v1\/rest\/mgmt \('\.show database .*' on database Telemetry\) in 1\.0 s \(attempt 2\): no answer from Kusto .* within 0\.1 s/m);
        assert.match(res.err, /^error: POST .*\/v1\/rest\/mgmt .*: gave up at the 3\.0 s deadline after 3 requests over 1\.\d s; last: no answer .*\. Raise it with --request-timeout\/--deadline \(or EDGE_FABRIC_REQUEST_TIMEOUT\/EDGE_FABRIC_DEADLINE\)/m);
        assertNoStack(res.err);
    } finally {
        await server.close();
    }
});

test("kql apply: a limit that is not a duration is refused before anything runs, naming the flag or variable", async () => {
    const flag = await cli(["kql", "apply", kqlDir, "--cluster", "https://x.kusto.windows.net", "--database", "d", "--token", TOKEN, "--request-timeout", "soon"]);
    assert.equal(flag.code, 1);
    assert.equal(flag.err, 'error: --request-timeout: "soon" is not a duration; write seconds (90) or a number with a unit (500ms, 90s, 5m, 1h), greater than zero');
    process.env.EDGE_FABRIC_DEADLINE = "0";
    try {
        const env = await cli(["kql", "apply", kqlDir, "--cluster", "https://x.kusto.windows.net", "--database", "d", "--token", TOKEN]);
        assert.equal(env.code, 1);
        assert.match(env.err, /^error: EDGE_FABRIC_DEADLINE: "0" is not a duration/);
    } finally {
        delete process.env.EDGE_FABRIC_DEADLINE;
    }
});

test("kql apply: a token the cluster echoes back never reaches the output", async () => {
    const server = await HostileServer.start();
    server.reply = (req) =>
        req.path === "/v1/rest/auth/metadata" ? { status: 404, body: "" } : { status: 401, body: { error: { code: "Unauthorized", "@message": `token ${req.authorization ?? ""} rejected`, "@permanent": true } } };
    try {
        const res = await cli(["kql", "apply", kqlDir, "--cluster", server.url, "--database", "Telemetry", "--token", TOKEN]);
        assert.equal(res.code, 1);
        assert.match(res.err, /HTTP 401 Unauthorized token Bearer \[redacted\] rejected/);
        assert.ok(!`${res.out}${res.err}`.includes(TOKEN));
        assert.equal(server.requests.at(-1)?.authorization, `Bearer ${TOKEN}`);
    } finally {
        await server.close();
    }
});

test("the CLI's own refusals do not repeat a SAS signature or a URL's password", async () => {
    const sas = await cli(["kql", "diff", kqlDir, "--current", path.join(kqlDir, "1-bronze.kql"), "--archive-container", "https://acct.blob.core.windows.net/c?sv=2024-01-01&sig=SASSIG0123456789"]);
    assert.equal(sas.code, 1);
    assert.match(sas.err, /error: --archive-container must be https:\/\/<host>\/<container> with no path, query \(SAS\) or credentials, got "https:\/\/acct\.blob\.core\.windows\.net\/c\?sv=2024-01-01&sig=\[redacted\]"/);
    assert.ok(!sas.err.includes("SASSIG0123456789"));
    const userInfo = await cli(["kql", "apply", kqlDir, "--cluster", "https://admin:Secr3tPassw0rd@x.kusto.windows.net", "--database", "d", "--token", TOKEN]);
    assert.equal(userInfo.code, 1);
    assert.match(userInfo.err, /error: --cluster: cluster URI 'https:\/\/\[redacted\]@x\.kusto\.windows\.net' must not carry a query, fragment or credentials/);
    assert.ok(!userInfo.err.includes("Secr3tPassw0rd"));
    assertNoStack(sas.err + userInfo.err);
});

test("kql apply against an HTML page, an untrusted certificate and endless throttling: exit 1, what answered, how many requests over how long, no stack", async () => {
    const cases: { name: string; tls?: boolean; reply?: HostileServer["reply"]; err: RegExp }[] = [
        {
            name: "HTML with status 200",
            reply: (req) => (req.path === "/v1/rest/auth/metadata" ? { status: 404, body: "" } : { status: 200, body: "<html>Proxy sign-in</html>" }),
            err: /^error: Kusto answered POST http:\/\/127\.0\.0\.1:\d+\/v1\/rest\/mgmt with status 200 but a .*body "<html>Proxy sign-in<\/html>", not a Kusto result .*check the cluster URI and any HTTPS proxy.* \(2 requests over \d+\.\d s\)$/m,
        },
        { name: "untrusted certificate", tls: true, err: /^error: .*TLS failure talking to 127\.0\.0\.1:\d+ \(\w+\): its certificate is not trusted, so the request was not retried\..*NODE_EXTRA_CA_CERTS.*\(1 request over \d+\.\d s\)$/m },
        {
            name: "429 forever",
            reply: (req) => (req.path === "/v1/rest/auth/metadata" ? { status: 404, body: "" } : { status: 429, headers: { "retry-after": "5" }, body: { error: { code: "TooManyRequests", "@permanent": false } } }),
            err: /^error: POST .*\/v1\/rest\/mgmt .*: gave up at the 2\.0 s deadline after 2 requests over \d+\.\d s; last: .*HTTP 429 TooManyRequests.*\. Raise it with --request-timeout\/--deadline/m,
        },
    ];
    await loadKustoData();
    for (const c of cases) {
        const server = await HostileServer.start({ tls: c.tls });
        if (c.reply) server.reply = c.reply;
        try {
            const res = await cli(["kql", "apply", kqlDir, "--cluster", server.url, "--database", "Telemetry", "--token", TOKEN, "--deadline", "2s"]);
            assert.equal(res.code, 1, `${c.name}: ${res.err}`);
            assert.match(res.err, c.err, c.name);
            assert.doesNotMatch(res.out, /up to date|applied/, c.name);
            assertNoStack(res.err);
        } finally {
            await server.close();
        }
    }
});
