import { test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { FabricApiError, capacityAssignmentProvider, workspaceIdentityProvider, workspaceProvider } from "../../providers/fabric";
import type { CapacityAssignmentInputs } from "../../providers/fabric";
import { fabricFakeForTests } from "../fakes/fabric-fake";

const { fake, base, stats, options } = fabricFakeForTests();
const identities = workspaceIdentityProvider(options);
const assignments = capacityAssignmentProvider(options);
const workspaces = workspaceProvider(options);

function assignment(workspaceId: string, extra: Partial<CapacityAssignmentInputs> = {}): CapacityAssignmentInputs {
    return { apiBaseUrl: base(), workspaceId, pollMs: 3000, ...extra };
}

function withLro<T>(fn: () => Promise<T>): Promise<T> {
    fake.lro = { enabled: true, retryAfterSeconds: 5, pollsBeforeDone: 2, states: ["NotStarted", "Running"] };
    return fn().finally(() => {
        fake.lro.enabled = false;
    });
}

test("workspace identity: provisioned (200), outputs its application and service principal ids; read; delete deprovisions", async () => {
    const ws = fake.addWorkspace();
    const { id, outs } = await identities.create({ apiBaseUrl: base(), workspaceId: ws });
    assert.equal(id, ws);
    assert.equal(outs.adopted, false);
    assert.deepEqual({ applicationId: outs.applicationId, servicePrincipalId: outs.servicePrincipalId }, fake.workspaces.get(ws)?.workspaceIdentity);
    assert.equal(fake.count("POST", new RegExp(`^/workspaces/${ws}/provisionIdentity$`)), 1);

    const read = await identities.read(id, outs);
    assert.equal(read.props?.servicePrincipalId, outs.servicePrincipalId);

    await identities.delete(id, outs);
    assert.equal(fake.workspaces.get(ws)?.workspaceIdentity, undefined);
    assert.deepEqual(await identities.read(id, outs), {}, "gone after deprovisioning");
});

test("workspace identity: 202 + Location is polled to Succeeded and the result read; deprovision waits too", async () => {
    const ws = fake.addWorkspace();
    const polls = stats.operationPolls;
    const { outs } = await withLro(() => identities.create({ apiBaseUrl: base(), workspaceId: ws }));
    assert.equal(outs.servicePrincipalId, fake.workspaces.get(ws)?.workspaceIdentity?.servicePrincipalId);
    assert.equal(stats.operationPolls - polls, 3, "two running polls, then Succeeded");
    assert.ok(stats.waits.some((w) => w.reason === "operationPoll" && w.requestedMs === 5000), "Retry-After honoured");
    await withLro(() => identities.delete(ws, outs));
    assert.equal(fake.workspaces.get(ws)?.workspaceIdentity, undefined);
});

test("workspace identity: an existing identity is adopted (no provision call) and left in place on delete", async () => {
    const ws = fake.addWorkspace();
    const workspace = fake.workspaces.get(ws);
    assert.ok(workspace);
    workspace.workspaceIdentity = { applicationId: randomUUID(), servicePrincipalId: randomUUID() };
    const { outs } = await identities.create({ apiBaseUrl: base(), workspaceId: ws });
    assert.equal(outs.adopted, true);
    assert.equal(outs.servicePrincipalId, workspace.workspaceIdentity.servicePrincipalId);
    assert.equal(fake.count("POST", new RegExp(`^/workspaces/${ws}/provisionIdentity$`)), 0);
    await identities.delete(ws, outs);
    assert.ok(fake.workspaces.get(ws)?.workspaceIdentity, "an identity the stack did not make stays");
});

test("workspace identity: a failed long-running provision surfaces the operation's error; 429 is retried", async () => {
    const ws = fake.addWorkspace();
    fake.failNextOperation({ errorCode: "WorkspaceIdentityNotSupported", message: "The workspace is not on a Fabric capacity" });
    await assert.rejects(
        withLro(() => identities.create({ apiBaseUrl: base(), workspaceId: ws })),
        (err: unknown) => err instanceof FabricApiError && /WorkspaceIdentityNotSupported: The workspace is not on a Fabric capacity/.test(err.message),
    );
    const throttled = stats.throttled;
    fake.inject({ method: "POST", path: new RegExp(`^/workspaces/${ws}/provisionIdentity$`), status: 429, headers: { "Retry-After": "2" }, body: { errorCode: "RequestBlocked", message: "Too many requests" } });
    const { outs } = await identities.create({ apiBaseUrl: base(), workspaceId: ws });
    assert.equal(stats.throttled, throttled + 1);
    assert.ok(outs.servicePrincipalId);
});

test("workspace identity: check refuses a workspace id that is not a GUID; diff replaces on a new workspace", async () => {
    const res = await identities.check({ apiBaseUrl: "", workspaceId: "" }, { apiBaseUrl: "", workspaceId: "plant-ws" });
    assert.deepEqual(res.failures, [{ property: "workspaceId", reason: 'must be a workspace GUID, got "plant-ws"' }]);
    const olds = { apiBaseUrl: base(), workspaceId: randomUUID(), applicationId: "a", servicePrincipalId: "s", adopted: false };
    assert.deepEqual((await identities.diff(olds.workspaceId, olds, { apiBaseUrl: base(), workspaceId: randomUUID() })).replaces, ["workspaceId"]);
    assert.equal((await identities.diff(olds.workspaceId, olds, { apiBaseUrl: base(), workspaceId: olds.workspaceId.toUpperCase() })).changes, false);
});

test("capacity assignment: resolved by name, assigned (202), polled until Completed; delete moves the workspace back", async () => {
    const before = fake.addCapacity("fcedgeold");
    const target = fake.addCapacity("fcedgeplatform");
    const ws = fake.addWorkspace();
    const workspace = fake.workspaces.get(ws);
    assert.ok(workspace);
    workspace.capacityId = before;
    const waits = stats.waits.length;
    const { id, outs } = await assignments.create(assignment(ws, { capacityName: "fcedgeplatform" }));
    assert.equal(id, ws);
    assert.equal(outs.assignedCapacityId, target);
    assert.equal(outs.previousCapacityId, before);
    assert.equal(workspace.capacityId, target);
    assert.equal(workspace.capacityAssignmentProgress, "Completed");
    const post = fake.requests.find((r) => r.method === "POST" && r.path === `/workspaces/${ws}/assignToCapacity`);
    assert.deepEqual(post?.body, { capacityId: target });
    assert.deepEqual(stats.waits.slice(waits).map((w) => [w.reason, w.requestedMs]), [["statePoll", 3000], ["statePoll", 3000]], "two InProgress reads, each followed by the poll interval");

    await assignments.delete(id, outs);
    assert.equal(workspace.capacityId, before, "back where the stack found it");
});

test("capacity assignment: by id; a workspace already there is not moved; update moves it; read shows a move made elsewhere", async () => {
    const first = fake.addCapacity("fcone");
    const second = fake.addCapacity("fctwo");
    const ws = fake.addWorkspace();
    const workspace = fake.workspaces.get(ws);
    assert.ok(workspace);
    workspace.capacityId = first;
    const created = await assignments.create(assignment(ws, { capacityId: first }));
    assert.equal(fake.count("POST", new RegExp(`^/workspaces/${ws}/assignToCapacity$`)), 0, "already on it");
    assert.deepEqual(await assignments.diff(ws, created.outs, assignment(ws, { capacityId: second })), { changes: true, replaces: [], deleteBeforeReplace: false });
    const updated = await assignments.update(ws, created.outs, assignment(ws, { capacityId: second }));
    assert.equal(updated.outs.assignedCapacityId, second);
    assert.equal(workspace.capacityId, second);

    workspace.capacityId = first; // moved in the portal
    const read = await assignments.read(ws, updated.outs);
    assert.equal(read.props?.assignedCapacityId, first);
    assert.equal(read.inputs?.capacityId, first);
    await assignments.delete(ws, updated.outs);
    assert.equal(workspace.capacityId, first, "nothing to move back to: the workspace stays (a workspace with Fabric items cannot be unassigned)");
});

test("capacity assignment: a paused capacity, an unknown name and a failed move are clear errors", async () => {
    const ws = fake.addWorkspace();
    fake.addCapacity("fcpaused", { state: "Inactive" });
    await assert.rejects(assignments.create(assignment(ws, { capacityName: "fcpaused" })), /"fcpaused" .* is Inactive; resume it/);
    await assert.rejects(assignments.create(assignment(ws, { capacityName: "fcmissing" })), /with name "fcmissing" is not among the capacities this identity can see \(.*fcpaused.*\)/);
    assert.equal(fake.count("POST", new RegExp(`^/workspaces/${ws}/assignToCapacity$`)), 0, "refused before any move");
    fake.addCapacity("fcfails");
    fake.failNextCapacityAssignment = true;
    await assert.rejects(assignments.create(assignment(ws, { capacityName: "fcfails" })), /capacity assignment failed \(capacityAssignmentProgress Failed\)/);
});

test("capacity assignment: 429 on the move is waited out; check wants exactly one of id and name", async () => {
    const ws = fake.addWorkspace();
    const capacity = fake.addCapacity("fcthrottled");
    fake.inject({ method: "POST", path: new RegExp(`^/workspaces/${ws}/assignToCapacity$`), status: 429, headers: { "Retry-After": "6" }, body: { errorCode: "RequestBlocked", message: "Too many requests" } });
    const { outs } = await assignments.create(assignment(ws, { capacityId: capacity }));
    assert.equal(outs.assignedCapacityId, capacity);
    assert.ok(stats.waits.some((w) => w.reason === "throttled" && w.requestedMs === 6000));

    const both = await assignments.check(assignment(ws), assignment(ws, { capacityId: capacity, capacityName: "x" }));
    assert.match(both.failures[0].reason, /exactly one of capacityId .* and capacityName/);
    const neither = await assignments.check(assignment(ws), assignment("nope"));
    assert.deepEqual(neither.failures.map((f) => f.property), ["workspaceId", "capacityId"]);
});

test("workspace: capacityId on update is assigned and awaited until Completed", async () => {
    const capacity = fake.addCapacity("fcworkspace");
    const created = await workspaces.create({ apiBaseUrl: base(), displayName: `ws-${randomUUID().slice(0, 8)}`, description: "" });
    await workspaces.update(created.id, created.outs, { ...created.outs, capacityId: capacity });
    assert.equal(fake.workspaces.get(created.id)?.capacityAssignmentProgress, "Completed");
});
