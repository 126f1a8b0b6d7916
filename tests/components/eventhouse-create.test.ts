import { test } from "node:test";
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { synth } from "../../cli/synth";
import { value } from "./output-value";
import { Eventhouse, validateEventhouseArgs } from "../../components/cloud/eventhouse";
import { formatProblem } from "../../components/validation";

test("Eventhouse component: creates a workspace when asked, names its own database, no Eventstream by default", async () => {
    const { resources, result } = await synth(
        () => {
            const eh = new Eventhouse("plant2", { workspace: { displayName: "edge-fabric-plant2", capacityId: "22222222-2222-2222-2222-222222222222" }, eventhouseName: "plant2_eh", databaseName: "telemetry", hardDelete: true });
            return pulumi.all({ workspaceId: eh.workspaceId, databaseName: eh.databaseName });
        },
        {
            outputs: (type, name, inputs) =>
                type.endsWith("fabric:Workspace") ? { workspaceId: "99999999-0000-0000-0000-000000000001" } : type.endsWith("fabric:KqlDatabase") ? { databaseName: inputs.displayName, itemId: `${name}-item` } : { itemId: `${name}-item` },
        },
    );
    const ws = resources.find((r) => r.type === "pulumi-nodejs:dynamic/fabric:Workspace");
    assert.equal(ws?.inputs.displayName, "edge-fabric-plant2");
    assert.equal(ws?.inputs.capacityId, "22222222-2222-2222-2222-222222222222");
    const eh = resources.find((r) => r.type === "pulumi-nodejs:dynamic/fabric:Eventhouse");
    assert.equal(eh?.inputs.workspaceId, "99999999-0000-0000-0000-000000000001");
    assert.equal(eh?.inputs.displayName, "plant2_eh");
    assert.equal(eh?.inputs.hardDelete, true);
    assert.ok(eh?.dependencies.includes(ws?.urn ?? ""));
    const db = resources.find((r) => r.type === "pulumi-nodejs:dynamic/fabric:KqlDatabase");
    assert.equal(db?.inputs.displayName, "telemetry");
    assert.equal(resources.filter((r) => r.type === "pulumi-nodejs:dynamic/fabric:Eventstream").length, 0);
    assert.deepEqual(await value(result), { workspaceId: "99999999-0000-0000-0000-000000000001", databaseName: "telemetry" });
});

test("Eventhouse args are validated up front, naming the prop and the rule", () => {
    assert.deepEqual(validateEventhouseArgs("ok", { workspaceId: "11111111-2222-3333-4444-555555555555" }), []);
    const problems = validateEventhouseArgs("bad name!", {
        workspaceId: "nope",
        workspace: { displayName: "x" },
        minimumConsumptionUnits: 3,
        cachingPeriodDays: 0,
        databaseName: "has space",
    });
    assert.deepEqual(problems.map(formatProblem), [
        "exactly one of workspaceId (adopt an existing workspace) and workspace (create one) must be set",
        'workspaceId: must be a workspace GUID, got "nope"',
        'eventhouseName: must be 1-256 letters, digits, "_", "." or "-", got "bad name!" (defaulted from the component name)',
        'databaseName: must be 1-256 letters, digits, "_", "." or "-", got "has space"',
        "minimumConsumptionUnits: must be one of 0, 2.25, 4.25, 8.5, 13, 18, 26, 34, 50 or a number from 51 to 322, got 3",
        "cachingPeriodDays: must be a whole number of days from 1 to 36500, got 0",
    ]);
    assert.throws(() => new Eventhouse("x", {}), /Eventhouse x: exactly one of workspaceId/);
});
