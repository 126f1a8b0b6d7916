// The data path's policies (policy/data-path.ts) on the dev site's planned resources, as `pulumi
// preview` hands them to the pack, and on the same resources with one thing changed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { plainValue } from "../../policy/data-path";
import { LOCAL_AUTH_TAG } from "../../policy/policies";
import { devResources } from "../data-path/dev-plan";
import type { ResourceView } from "../../components/data-path";
import { violations } from "./stack";

const DATA_PATH = ["data-path-hops", "private-connectivity", "sas-listen-only", "local-auth-disabled"];
const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

const edit = (resources: ResourceView[], name: string, inputs: (i: Record<string, unknown>) => Record<string, unknown>): ResourceView[] =>
    resources.map((r) => (r.name === name ? { ...r, inputs: inputs(r.inputs) } : r));

test("the dev site (the Eventstream custom endpoint path, no key anywhere) passes every policy of the pack", async () => {
    assert.deepEqual(await violations(await devResources()), []);
});

test("unknown values of a first preview do not stop the hop rules: read as unknown, not thrown", async () => {
    // The namespace identity's object id is unknown until the namespace exists.
    const resources = edit(await devResources(), "site01-eventhubs-capture-writer", (i) => ({ ...i, principalId: UNKNOWN_STRING }));
    assert.deepEqual(await violations(resources, DATA_PATH), []);
    assert.deepEqual(plainValue({ a: [UNKNOWN_STRING, "x"], b: { c: UNKNOWN_STRING } }), { a: [{ __pulumiUnknown: true }, "x"], b: { c: { __pulumiUnknown: true } } });
});

test("public access off without private connectivity: private-connectivity names the namespaces, data-path-hops the edge's hops", async () => {
    const resources = (await devResources()).filter((r) => r.type !== "azure-native:network:PrivateEndpoint");
    const found = await violations(resources, DATA_PATH);
    const connectivity = found.filter((f) => f.startsWith("private-connectivity"));
    assert.equal(connectivity.length, 2, found.join("\n"));
    assert.ok(connectivity.every((f) => /(ef-site01-westeurope|site01-dr-secondary) has public network access off and nothing reaches it privately/.test(f)), connectivity.join("\n"));
    // The archive keeps its trusted-service exception for Capture, so only the edge's upload fails there.
    assert.ok(found.some((f) => /^data-path-hops stack: hop "edge volume -> archive" .*fix network\.private/.test(f)));
    assert.ok(found.some((f) => /^data-path-hops stack: hop "edge -> Event Hubs" .*fix network\.private/.test(f)));
});

test("local auth on a SAS-only consumer's namespace: a hub-scoped Listen rule on a tagged namespace passes; anything wider fails", async () => {
    const base = await devResources();
    const namespace = base.find((r) => r.name === "site01-eventhubs-ns") as ResourceView;
    const hub = base.find((r) => r.name === "site01-eventhubs-telemetry") as ResourceView;
    const rule = (rights: string[], type = "azure-native:eventhub:EventHubAuthorizationRule"): ResourceView => ({
        urn: `urn:pulumi:dev::edge-fabric::${type}::reader`,
        type,
        name: "reader",
        inputs: { authorizationRuleName: "fabric-listen", namespaceName: "ef-site01-westeurope", eventHubName: "telemetry", rights },
        dependencies: [namespace.urn, hub.urn],
        propertyDependencies: { namespaceName: [namespace.urn], eventHubName: [hub.urn] },
    });
    const localAuth = (tag: boolean) => edit(base, "site01-eventhubs-ns", (i) => ({ ...i, disableLocalAuth: false, tags: { ...(i.tags as object), ...(tag ? { [LOCAL_AUTH_TAG]: "listen-only" } : {}) } }));
    assert.deepEqual(await violations([...localAuth(true), rule(["Listen"])], DATA_PATH), []);
    const [untagged, ...rest] = await violations([...localAuth(false), rule(["Listen"])], DATA_PATH);
    assert.deepEqual(rest, []);
    assert.match(untagged, /^local-auth-disabled site01-eventhubs-ns: Event Hubs SAS keys bypass Entra ID \(unless deliberately Listen-only: tag edgeFabricLocalAuth=listen-only\): set disableLocalAuth to true/);
    assert.match((await violations([...localAuth(true), rule(["Listen", "Send"])], DATA_PATH))[0], /^sas-listen-only stack: shared access rule fabric-listen grants Listen, Send: a reader's key needs Listen only/);
    assert.match((await violations([...localAuth(true), rule(["Listen"]), rule(["Listen"], "azure-native:eventhub:NamespaceAuthorizationRule")], DATA_PATH))[0], /namespace-wide shared access rule fabric-listen: its key opens every event hub/);
    assert.match((await violations(localAuth(true), DATA_PATH))[0], /local \(SAS\) auth on for Listen-only rules, but the stack creates none/);
});

test("a Fabric export to the private archive fails data-path-hops in the preview, as plan does", async () => {
    const resources = (await devResources()).map((r) =>
        r.type === "pulumi-nodejs:dynamic/kusto:KqlDatabaseSchema"
            ? { ...r, inputs: { ...r.inputs, scripts: [...(r.inputs.scripts as object[]), { path: "5-export.kql", text: ".create-or-alter continuous-export SilverToArchive over (Silver) to table SilverArchive with (intervalBetweenRuns=1h) <| Silver\n.create external table SilverArchive (x:string) kind=storage dataformat=parquet (h@'https://efsite01archive.blob.core.windows.net/kql-export/silver;impersonate')" }] } }
            : r,
    );
    const [line, tier, ...more] = await violations(resources, ["data-path-hops"]);
    assert.deepEqual(more, []);
    assert.match(line, /^data-path-hops stack: hop "Silver export -> archive" .*a Fabric Eventhouse has no private path to a storage account.*; fix archive\.export\.enabled: /);
    // The site tiers the export container to archive only while its export is off; a hand-added export meets that rule too.
    assert.match(tier, /lifecycle rule kql-export moves blobs under kql-export\/ to the archive tier after 180 days/);
});
