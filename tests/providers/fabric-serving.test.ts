import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { FabricApiError, newFabricStats } from "../../providers/fabric";
import { kqlDashboardProvider } from "../../providers/fabric/kql-dashboard";
import type { KqlDashboardInputs } from "../../providers/fabric/kql-dashboard";
import { reflexProvider } from "../../providers/fabric/reflex";
import type { ReflexInputs } from "../../providers/fabric/reflex";
import { lakehouseProvider } from "../../providers/fabric/lakehouse";
import type { LakehouseInputs } from "../../providers/fabric/lakehouse";
import { oneLakeShortcutProvider, TARGET_ATTEMPTS } from "../../providers/fabric/shortcut";
import type { OneLakeShortcutInputs } from "../../providers/fabric/shortcut";
import { renderDashboard } from "../../components/serving/dashboard-render";
import { medallionDashboard } from "../../components/serving/medallion-dashboard";
import { renderTemperatureAlert } from "../../components/serving/temperature-alert";
import { FabricFake } from "../fakes/fabric-fake";
import { DEV_BINDING } from "../serving/dev-site";

const fake = new FabricFake();
let base = "";
before(async () => {
    base = await fake.start();
});
after(() => fake.stop());

const options = { token: fake.token, delayScale: 0, stats: newFabricStats() };
const lakehouses = lakehouseProvider(options);
const shortcuts = oneLakeShortcutProvider(options);
const dashboards = kqlDashboardProvider(options);
const reflexes = reflexProvider(options);

const shared = (workspaceId: string, displayName: string) => ({ apiBaseUrl: base, workspaceId, displayName, description: "", hardDelete: false });
const dashboard = (title = "dev") => renderDashboard(medallionDashboard(title), DEV_BINDING);

function decoded(body: unknown, path: string): unknown {
    const parts = (body as { definition?: { parts?: { path: string; payload: string }[] } }).definition?.parts;
    const part = parts?.find((p) => p.path === path);
    assert.ok(part, `part ${path}`);
    return JSON.parse(Buffer.from(part.payload, "base64").toString("utf8"));
}

test("Lakehouse: created through 202 + operation polling, with its OneLake paths; read and 404 after delete", async () => {
    const ws = fake.addWorkspace();
    fake.lro.enabled = true;
    const polls = fake.count("GET", /^\/operations\//);
    let created;
    try {
        const inputs: LakehouseInputs = { ...shared(ws, "dev_lakehouse"), enableSchemas: true };
        created = await lakehouses.create((await lakehouses.check({} as LakehouseInputs, inputs)).inputs);
    } finally {
        fake.lro.enabled = false;
    }
    assert.ok(fake.count("GET", /^\/operations\//) - polls >= 3, "polled until Succeeded, then read the result");
    const { id, outs } = created;
    assert.equal(id, `${ws}/${outs.itemId}`);
    assert.equal(outs.oneLakeTablesPath, `https://onelake.dfs.fabric.microsoft.com/${ws}/${outs.itemId}/Tables`);
    assert.match(outs.sqlEndpointConnectionString, /datawarehouse\.fabric\.microsoft\.com$/);
    const post = fake.requests.find((r) => r.method === "POST" && r.path === `/workspaces/${ws}/lakehouses`);
    assert.deepEqual(post?.body, { displayName: "dev_lakehouse", description: "", creationPayload: { enableSchemas: true } });

    // Import: read with only the endpoint recovers the inputs, enableSchemas included.
    const imported = await lakehouses.read(id, { apiBaseUrl: base } as typeof outs);
    assert.equal(imported.inputs?.enableSchemas, true);
    assert.equal(imported.props?.oneLakeFilesPath, outs.oneLakeFilesPath);
    assert.deepEqual(await lakehouses.diff(id, outs, { ...outs, enableSchemas: false }), { changes: true, replaces: ["enableSchemas"], deleteBeforeReplace: true });

    await lakehouses.delete(id, outs);
    assert.deepEqual(await lakehouses.read(id, outs), {}, "404 on read: gone from state");
});

test("OneLake shortcut: a target not in OneLake yet is asked for again, each wait announced; still missing after the bounded attempts, the error says what to check", async () => {
    const ws = fake.addWorkspace();
    const { outs: lake } = await lakehouses.create({ ...shared(ws, "waits_lakehouse"), enableSchemas: false });
    const inputs: OneLakeShortcutInputs = { apiBaseUrl: base, workspaceId: ws, lakehouseId: lake.itemId, path: "Tables", name: "Silver", target: { workspaceId: ws, itemId: "5c2e8d63-7b8f-4d2c-8f1f-2e3d4c5b6a71", path: "Tables/Silver" } };
    const lines: string[] = [];
    const announced = oneLakeShortcutProvider({ ...options, log: (l) => lines.push(l) });
    fake.inject({ method: "POST", path: /\/shortcuts$/, times: 2, status: 404, body: { errorCode: "ItemNotFound", message: "Tables/Silver not found", requestId: "req-404" } });
    const { id } = await announced.create(inputs);
    assert.equal(id, `${ws}/${lake.itemId}/Tables/Silver`);
    assert.equal(lines.length, 2, lines.join("\n"));
    assert.match(lines[0], /^retrying Fabric API POST \/workspaces\/.*\/shortcuts \(shortcut Tables\/Silver\) in 60 s \(attempt 2\): answered 404 ItemNotFound \(request id req-404\): target .*\/Tables\/Silver is not in OneLake yet/);

    fake.inject({ method: "POST", path: /\/shortcuts$/, times: TARGET_ATTEMPTS, status: 404, body: { errorCode: "ItemNotFound", message: "Tables/Gold not found" } });
    await assert.rejects(announced.create({ ...inputs, name: "Gold", target: { ...inputs.target, path: "Tables/Gold" } }), (e: Error) => {
        assert.match(e.message, /404 ItemNotFound/);
        assert.match(e.message, new RegExp(`still not found after ${TARGET_ATTEMPTS} attempts.*table Gold is mirrored to OneLake`));
        return true;
    });
    // A conflict is not a missing target: answered at once.
    const before = fake.requests.length;
    await announced.create(inputs);
    assert.equal(fake.requests.filter((r, i) => i >= before && r.method === "POST").length, 1);
});

test("OneLake shortcut: 201 on create with Abort; a conflict is adopted only when it points at the same table", async () => {
    const ws = fake.addWorkspace();
    const { outs: lake } = await lakehouses.create({ ...shared(ws, "lake"), enableSchemas: false });
    const target = { workspaceId: ws, itemId: "3b1f7c52-6a7e-4c1b-9e0e-1d2c3b4a5f60", path: "Tables/Silver" };
    const inputs: OneLakeShortcutInputs = { apiBaseUrl: base, workspaceId: ws, lakehouseId: lake.itemId, path: "Tables", name: "Silver", target };
    assert.deepEqual((await shortcuts.check({} as OneLakeShortcutInputs, inputs)).failures, []);

    const { id, outs } = await shortcuts.create(inputs);
    assert.equal(id, `${ws}/${lake.itemId}/Tables/Silver`);
    assert.deepEqual(outs.target, target);
    const post = fake.requests.filter((r) => r.method === "POST" && r.path.endsWith("/shortcuts")).pop();
    assert.equal(post?.query.shortcutConflictPolicy, "Abort");
    assert.deepEqual(post?.body, { path: "Tables", name: "Silver", target: { oneLake: target } });
    assert.equal(fake.shortcuts.size > 0, true);

    // Same name, same target (state lost): the 409 is resolved by adopting it.
    assert.equal((await shortcuts.create(inputs)).id, id);
    // Same name, another target: refused with the import id in the message, nothing overwritten.
    await assert.rejects(shortcuts.create({ ...inputs, target: { ...target, path: "Tables/Bronze" } }), (e: unknown) => {
        assert.ok(e instanceof FabricApiError);
        assert.equal(e.status, 409);
        assert.match(e.message, /already exists in Lakehouse .* points at .*Tables\/Silver/);
        assert.match(e.message, new RegExp(`import: "${id}"`));
        return true;
    });
    assert.equal(fake.shortcuts.get(id)?.target.oneLake.path, "Tables/Silver");

    // A new target is applied in place; a new name is a replacement.
    const moved = { ...inputs, target: { ...target, path: "Tables/GoldTagStats5mLake" } };
    assert.deepEqual(await shortcuts.diff(id, outs, moved), { changes: true, replaces: [], deleteBeforeReplace: false });
    await shortcuts.update(id, outs, moved);
    assert.equal(fake.requests.filter((r) => r.method === "POST" && r.path.endsWith("/shortcuts")).pop()?.query.shortcutConflictPolicy, "OverwriteOnly");
    assert.equal((await shortcuts.read(id, outs)).props?.target.path, "Tables/GoldTagStats5mLake");
    assert.deepEqual((await shortcuts.diff(id, outs, { ...inputs, name: "Silver2" })).replaces, ["name"]);

    await shortcuts.delete(id, outs);
    assert.deepEqual(await shortcuts.read(id, outs), {}, "404 on read");
    const bad = await shortcuts.check({} as OneLakeShortcutInputs, { ...inputs, path: "Somewhere", name: "a/b" });
    assert.deepEqual(bad.failures.map((f) => f.property), ["path", "name"]);
});

test("Real-Time Dashboard: created with its definition; updateDefinition only when the decoded JSON changes; refresh keeps what was sent", async () => {
    const ws = fake.addWorkspace();
    const inputs: KqlDashboardInputs = (await dashboards.check({} as KqlDashboardInputs, { ...shared(ws, "dev telemetry"), dashboard: dashboard() })).inputs;
    const { id, outs } = await dashboards.create(inputs);
    const post = fake.requests.find((r) => r.method === "POST" && r.path === `/workspaces/${ws}/kqlDashboards`);
    assert.deepEqual(decoded(post?.body, "RealTimeDashboard.json"), JSON.parse(JSON.stringify(dashboard())));
    assert.match(outs.liveDefinitionHash, /^[0-9a-f]{64}$/);

    // The service migrated what it stored (schema_version 52 -> 62); refresh still reports what was sent: no diff.
    const stored = decoded({ definition: { parts: fake.items.get(outs.itemId)?.definition } }, "RealTimeDashboard.json") as { schema_version: string };
    assert.equal(stored.schema_version, "62");
    const refreshed = await dashboards.read(id, outs);
    assert.deepEqual(refreshed.inputs?.dashboard, outs.dashboard);
    assert.equal((await dashboards.diff(id, refreshed.props ?? outs, inputs)).changes, false);

    // Key order is not a change; a renamed item is patched without touching the definition.
    const reordered = { ...inputs, dashboard: Object.fromEntries(Object.entries(inputs.dashboard).reverse()) };
    assert.equal((await dashboards.diff(id, outs, reordered)).changes, false);
    const updates = () => fake.count("POST", /\/updateDefinition$/);
    const before = updates();
    const renamed = await dashboards.update(id, outs, { ...reordered, displayName: "dev dashboard" });
    assert.equal(updates(), before, "no updateDefinition for a rename");
    assert.equal(fake.items.get(outs.itemId)?.displayName, "dev dashboard");

    // A changed tile: exactly one updateDefinition, carrying the new JSON.
    const changed = { ...inputs, displayName: "dev dashboard", dashboard: dashboard("dev-renamed-site") };
    assert.equal((await dashboards.diff(id, renamed.outs, changed)).changes, true);
    const after = await dashboards.update(id, renamed.outs, changed);
    assert.equal(updates(), before + 1);
    const sent = fake.requests.filter((r) => r.method === "POST" && r.path.endsWith("/updateDefinition")).pop();
    assert.equal((decoded(sent?.body, "RealTimeDashboard.json") as { title: string }).title, "dev-renamed-site telemetry");
    assert.notEqual(after.outs.liveDefinitionHash, outs.liveDefinitionHash);
});

test("Real-Time Dashboard: getDefinition round trip on import, and a portal edit shows up as drift", async () => {
    const ws = fake.addWorkspace();
    const inputs = (await dashboards.check({} as KqlDashboardInputs, { ...shared(ws, "dev telemetry"), dashboard: dashboard() })).inputs;
    const { id, outs } = await dashboards.create(inputs);
    // Import (no state): the live definition, decoded, as the service holds it.
    const imported = await dashboards.read(id, { apiBaseUrl: base } as typeof outs);
    const live = imported.inputs?.dashboard as { schema_version: string; tiles: unknown[] };
    assert.equal(live.schema_version, "62");
    assert.deepEqual({ ...live, schema_version: "52" }, inputs.dashboard);
    assert.equal(imported.props?.liveDefinitionHash, outs.liveDefinitionHash);

    // Someone deletes a tile in the portal: refresh reports the live definition, the diff wants ours back.
    const item = fake.items.get(outs.itemId);
    assert.ok(item?.definition);
    const edited = { ...live, tiles: live.tiles.slice(1) };
    item.definition = [{ path: "RealTimeDashboard.json", payloadType: "InlineBase64", payload: Buffer.from(JSON.stringify(edited)).toString("base64") }];
    const drifted = await dashboards.read(id, outs);
    assert.equal((drifted.inputs?.dashboard as { tiles: unknown[] }).tiles.length, live.tiles.length - 1);
    assert.equal((await dashboards.diff(id, drifted.props ?? outs, inputs)).changes, true);
});

test("Activator: created with ReflexEntities.json (format json); unchanged entities send no updateDefinition; 404 on read", async () => {
    const ws = fake.addWorkspace();
    const entities = renderTemperatureAlert({ name: "Freezer warm", above: "-2 °C", for: "5m", email: ["cold-chain@contoso.com"] }, { workspaceId: ws, databaseId: DEV_BINDING.databaseId }, "alerts.rules[0]");
    const inputs: ReflexInputs = (await reflexes.check({} as ReflexInputs, { ...shared(ws, "dev alerts"), entities })).inputs;
    const { id, outs } = await reflexes.create(inputs);
    const post = fake.requests.find((r) => r.method === "POST" && r.path === `/workspaces/${ws}/reflexes`);
    assert.equal((post?.body as { definition: { format: string } }).definition.format, "json");
    assert.deepEqual(decoded(post?.body, "ReflexEntities.json"), JSON.parse(JSON.stringify(entities)));
    const read = await reflexes.read(id, outs);
    assert.deepEqual(read.inputs?.entities, outs.entities);
    const updates = fake.count("POST", /\/updateDefinition$/);
    await reflexes.update(id, outs, { ...inputs, description: "new" });
    assert.equal(fake.count("POST", /\/updateDefinition$/), updates);
    assert.deepEqual((await reflexes.check({} as ReflexInputs, { ...inputs, entities: [{}] })).failures.map((f) => f.property), ["entities"]);
    await reflexes.delete(id, outs);
    assert.deepEqual(await reflexes.read(id, outs), {});
});
