import { test } from "node:test";
import assert from "node:assert/strict";
import { classifyError, driftFromEvents, errorExcerpt, changedCount } from "../../cli/fleet/classify";

const meta = (op: string, urn: string, diffs?: string[]) => ({ op, urn, type: urn.split("::")[2] ?? "t", diffs });

test("drift is read from step events: changed ops and refresh steps with diffs, merged per URN", () => {
    const drift = driftFromEvents([
        { resourcePreEvent: { metadata: meta("same", "u::p::pulumi:pulumi:Stack::s") } },
        { resourcePreEvent: { metadata: meta("same", "u::p::t:a::a") } },
        { resourcePreEvent: { metadata: meta("update", "u::p::t:b::b", ["tags"]) } },
        { resOutputsEvent: { metadata: meta("update", "u::p::t:b::b", ["sku"]) } },
        { resOutputsEvent: { metadata: meta("refresh", "u::p::t:c::c") } },
        { resOutputsEvent: { metadata: meta("refresh", "u::p::t:d::d", ["publicNetworkAccess"]) } },
        { resOutputsEvent: { metadata: meta("delete", "u::p::t:e::e") } },
        {},
    ]);
    assert.deepEqual(drift, [
        { urn: "u::p::t:b::b", type: "t:b", op: "update", properties: ["sku", "tags"] },
        { urn: "u::p::t:d::d", type: "t:d", op: "refresh", properties: ["publicNetworkAccess"] },
        { urn: "u::p::t:e::e", type: "t:e", op: "delete", properties: [] },
    ]);
    assert.deepEqual(driftFromEvents([{ resourcePreEvent: { metadata: meta("same", "u::p::t:a::a") } }]), []);
});

test("change counts ignore same and read", () => {
    assert.equal(changedCount({ same: 10, read: 2 }), 0);
    assert.equal(changedCount({ same: 10, update: 2, create: 1 }), 3);
});

test("error classes: lock conflicts and throttling are told apart from real failures", () => {
    assert.equal(classifyError({ name: "ConcurrentUpdateError", message: "[409] Conflict" }), "lock");
    assert.equal(classifyError({ name: "StackNotFoundError", message: "no stack named 'x' found" }), "not-found");
    assert.equal(classifyError({ name: "CommandError", message: "stderr: error: [429] Too Many Requests" }), "throttled");
    assert.equal(classifyError({ name: "CommandError", message: "stderr: error: resource failed: RequestDisallowedByPolicy" }), "failed");
});

test("the error excerpt keeps the tail of stderr", () => {
    const message = "code: -2\n stdout: lots of output\n stderr: Command failed with exit code 255: pulumi up\nline 1\n\n error: update failed\n err?: Error: x\n";
    assert.equal(errorExcerpt(message), "line 1\nerror: update failed");
    assert.equal(errorExcerpt("x".repeat(1000), 10), `...${"x".repeat(10)}`);
});
