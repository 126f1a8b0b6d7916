import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { FabricApiError, workspaceProvider, workspaceRoleAssignmentProvider } from "../../providers/fabric";
import type { WorkspaceRoleAssignmentInputs } from "../../providers/fabric";
import { fabricFakeForTests } from "../fakes/fabric-fake";

const { fake, base: baseUrl, stats, options } = fabricFakeForTests();
const roles = workspaceRoleAssignmentProvider(options);

function inputs(workspaceId: string, extra: Partial<WorkspaceRoleAssignmentInputs> = {}): WorkspaceRoleAssignmentInputs {
    return { apiBaseUrl: baseUrl(), workspaceId, principalId: randomUUID(), principalType: "ServicePrincipal", role: "Contributor", ...extra };
}

/** An example of the spec kept in this repository (`specs/fabric/platform/examples/platform`). */
function example(name: string): { parameters: Record<string, unknown>; responses: Record<string, { body?: Record<string, unknown> }> } {
    const path = join(__dirname, "..", "..", "..", "specs", "fabric", "platform", "examples", "platform", `${name}.json`);
    return JSON.parse(readFileSync(path, "utf8")) as ReturnType<typeof example>;
}

test("role assignment: create sends the spec's AddWorkspaceRoleAssignmentRequest and returns <workspaceId>/<assignmentId>", async () => {
    const ws = fake.addWorkspace();
    const principalId = randomUUID();
    const { id, outs } = await roles.create(inputs(ws, { principalId, role: "Contributor" }));
    assert.equal(id, `${ws}/${outs.roleAssignmentId}`);
    assert.equal(outs.adoptedRole, undefined);
    const post = fake.requests.find((r) => r.method === "POST" && r.path === `/workspaces/${ws}/roleAssignments`);
    const spec = example("AddWorkspaceRoleAssignment").parameters.workspaceRoleAssignmentRequest as Record<string, unknown>;
    assert.deepEqual(Object.keys(post?.body as object).sort(), Object.keys(spec).sort(), "same request shape as the spec example");
    assert.deepEqual(post?.body, { principal: { id: principalId, type: "ServicePrincipal" }, role: "Contributor" });
    assert.deepEqual(fake.workspaces.get(ws)?.roleAssignments.map((a) => [a.principal.id, a.role]), [[principalId, "Contributor"]]);
});

test("role assignment: the fake answers with the spec example's fields", async () => {
    const ws = fake.addWorkspace();
    const { outs } = await roles.create(inputs(ws));
    const live = fake.workspaces.get(ws)?.roleAssignments[0];
    const spec = example("GetWorkspaceRoleAssignment").responses["200"].body ?? {};
    assert.deepEqual(Object.keys(live ?? {}).sort(), Object.keys(spec).sort());
    assert.equal(live?.id, outs.roleAssignmentId);
});

test("role assignment: a principal that already has a role is adopted, set to the declared role, and given its role back on delete", async () => {
    const workspaces = workspaceProvider(options);
    const created = await workspaces.create({ apiBaseUrl: baseUrl(), displayName: `ws-${randomUUID().slice(0, 8)}`, description: "" });
    const ws = created.id;
    // The creator of a workspace is its Admin; declaring it Member adopts that assignment.
    const { id, outs } = await roles.create(inputs(ws, { principalId: fake.callerPrincipalId, role: "Member" }));
    assert.equal(outs.adoptedRole, "Admin");
    assert.equal(outs.roleAssignmentId, fake.callerPrincipalId);
    assert.equal(fake.workspaces.get(ws)?.roleAssignments.find((a) => a.principal.id === fake.callerPrincipalId)?.role, "Member");

    await roles.delete(id, outs);
    const after = fake.workspaces.get(ws)?.roleAssignments.find((a) => a.principal.id === fake.callerPrincipalId);
    assert.equal(after?.role, "Admin", "the role the stack found is restored, the access is not removed");
});

test("role assignment: adoption finds the principal on a later page of the list", async () => {
    const ws = fake.addWorkspace();
    const target = randomUUID();
    for (let i = 0; i < 3; i += 1) {
        await roles.create(inputs(ws, { role: "Viewer" }));
    }
    await roles.create(inputs(ws, { principalId: target, role: "Viewer" }));
    fake.pageSize = 2;
    try {
        const { outs } = await roles.create(inputs(ws, { principalId: target, role: "Viewer" }));
        assert.equal(outs.adoptedRole, "Viewer");
        assert.ok(fake.requests.some((r) => r.path === `/workspaces/${ws}/roleAssignments` && r.query.continuationToken), "followed continuationToken");
        assert.equal(fake.count("PATCH", new RegExp(`^/workspaces/${ws}/roleAssignments/`)), 0, "same role: nothing to change");
    } finally {
        fake.pageSize = 100;
    }
});

test("role assignment: update PATCHes only the role; diff replaces on workspace, principal or type", async () => {
    const ws = fake.addWorkspace();
    const created = await roles.create(inputs(ws, { role: "Viewer" }));
    const news = { ...inputs(ws), principalId: created.outs.principalId, role: "Contributor" as const };
    assert.deepEqual(await roles.diff(created.id, created.outs, news), { changes: true, replaces: [], deleteBeforeReplace: false });
    const updated = await roles.update(created.id, created.outs, news);
    assert.equal(updated.outs.role, "Contributor");
    const patch = fake.requests.filter((r) => r.method === "PATCH").at(-1);
    assert.deepEqual(patch?.body, { role: "Contributor" });
    assert.equal(fake.workspaces.get(ws)?.roleAssignments[0].role, "Contributor");

    const moved = await roles.diff(created.id, updated.outs, { ...news, principalId: randomUUID(), principalType: "Group" });
    assert.deepEqual(moved.replaces, ["principalId", "principalType"]);
    const none = await roles.diff(created.id, updated.outs, { ...news, principalId: news.principalId.toUpperCase() });
    assert.equal(none.changes, false, "GUID case is not a change");
});

test("role assignment: read refreshes the live role; delete removes it; read and delete after that are quiet", async () => {
    const ws = fake.addWorkspace();
    const created = await roles.create(inputs(ws, { role: "Viewer" }));
    const live = fake.workspaces.get(ws)?.roleAssignments[0];
    assert.ok(live);
    live.role = "Member"; // changed in the portal
    const read = await roles.read(created.id, created.outs);
    assert.equal(read.props?.role, "Member");
    assert.equal(read.inputs?.principalId, created.outs.principalId);

    await roles.delete(created.id, created.outs);
    assert.equal(fake.workspaces.get(ws)?.roleAssignments.length, 0);
    assert.deepEqual(await roles.read(created.id, created.outs), {});
    await roles.delete(created.id, created.outs);
});

test("role assignment: 429 with Retry-After is waited out and the add goes through once", async () => {
    const ws = fake.addWorkspace();
    const before = stats.throttled;
    fake.inject({ method: "POST", path: new RegExp(`^/workspaces/${ws}/roleAssignments$`), status: 429, headers: { "Retry-After": "4" }, body: { errorCode: "RequestBlocked", message: "Too many requests" } });
    const { outs } = await roles.create(inputs(ws));
    assert.equal(stats.throttled, before + 1);
    assert.ok(stats.waits.some((w) => w.reason === "throttled" && w.requestedMs === 4000));
    assert.equal(fake.workspaces.get(ws)?.roleAssignments.filter((a) => a.id === outs.roleAssignmentId).length, 1);
});

test("role assignment: other service errors surface with status, code and request id", async () => {
    const ws = fake.addWorkspace();
    fake.inject({ method: "POST", path: new RegExp(`^/workspaces/${ws}/roleAssignments$`), status: 403, body: { errorCode: "InsufficientPrivileges", message: "The caller must have member or higher workspace role", requestId: "aaaaaaaa-0000-0000-0000-000000000001" } });
    await assert.rejects(roles.create(inputs(ws)), (err: unknown) => {
        assert.ok(err instanceof FabricApiError);
        assert.match(err.message, /403 InsufficientPrivileges/);
        assert.match(err.message, /requestId: aaaaaaaa-0000-0000-0000-000000000001/);
        return true;
    });
});

test("role assignment: check names the property and the rule", async () => {
    const res = await roles.check(inputs("x"), { ...inputs("not-a-guid"), principalId: "mi-aio", principalType: "EntireTenant" as never, role: "Owner" as never });
    assert.deepEqual(res.failures.map((f) => f.property), ["workspaceId", "principalId", "principalType", "role"]);
    assert.match(res.failures[3].reason, /Admin, Member, Contributor, Viewer, got "Owner"/);
    assert.equal(res.inputs.apiBaseUrl, baseUrl());
    const ok = await roles.check(inputs("x"), { ...inputs(randomUUID()), apiBaseUrl: "" });
    assert.deepEqual(ok.failures, []);
    assert.equal(ok.inputs.apiBaseUrl, "https://api.fabric.microsoft.com/v1");
});

test("role assignment: a malformed import id is refused with the expected shape", async () => {
    await assert.rejects(roles.read("nope", undefined), /workspace role assignment id "nope" is not <workspaceId>\/<roleAssignmentId>/);
});
