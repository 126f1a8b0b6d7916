import { test } from "node:test";
import assert from "node:assert/strict";
import { synth } from "../../cli/synth";
import type { RecordedResource } from "../../cli/synth";
import { AdxDatabase, ArchiveStorage, MedallionSchema } from "../../components";
import { formatDiagnostic, loadSchema } from "../../kusto";
import { outputs, role } from "./cloud-harness";

const CONTRIBUTOR = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";

const schemaOf = (resources: RecordedResource[], name: string): RecordedResource => {
    const found = resources.find((r) => r.type === "pulumi-nodejs:dynamic/kusto:KqlDatabaseSchema" && r.name === `${name}-schema`);
    assert.ok(found, `no schema ${name}`);
    return found;
};

const exportScript = (schema: RecordedResource): string => {
    const scripts = schema.inputs.scripts as { path: string; text: string }[];
    const found = scripts.find((s) => s.path === "5-export.kql");
    assert.ok(found, `no 5-export.kql in ${scripts.map((s) => s.path).join(", ")}`);
    return found.text;
};

test("ADX site: the export script uses the archive container and the cluster identity, which gets Blob Data Contributor on the container", async () => {
    const { resources } = await synth(
        () => {
            const archive = new ArchiveStorage("plant1", { resourceGroupName: "rg-plant1", publicNetworkAccess: "Disabled" });
            const adx = new AdxDatabase("plant1", { cluster: { name: "plant1adx", resourceGroupName: "rg-plant1", publicNetworkAccess: "Disabled" } });
            return new MedallionSchema("plant1", {
                clusterUri: adx.queryServiceUri,
                database: adx.databaseName,
                archiveExport: {
                    backend: "adx",
                    containerUrl: archive.containerUrls.kqlExport,
                    containerId: archive.containerIds.kqlExport,
                    writer: { name: "adx", principalId: adx.principalId!.apply((p) => p ?? "") },
                },
            });
        },
        {
            outputs: (type, name) =>
                type === "azure-native:kusto:Cluster"
                    ? { uri: "https://plant1adx.westeurope.kusto.windows.net", identity: { type: "SystemAssigned", principalId: "adx-principal" } }
                    : outputs(type, name),
        },
    );
    const schema = schemaOf(resources, "plant1");
    const text = exportScript(schema);
    assert.match(text, /h@'https:\/\/plant1-account\.blob\.core\.windows\.net\/kql-export\/silver;managed_identity=system'/);
    assert.match(text, /with \(managedIdentity="system", intervalBetweenRuns=1h\) <\|/);
    assert.doesNotMatch(text, /'\{archive\}|;impersonate'/);

    const grant = resources.find((r) => r.type === "azure-native:authorization:RoleAssignment" && r.name === "plant1-archive-writer-adx");
    assert.ok(grant);
    assert.equal(grant.inputs.principalId, "adx-principal");
    assert.equal(grant.inputs.principalType, "ServicePrincipal");
    assert.equal(grant.inputs.roleDefinitionId, role(CONTRIBUTOR));
    assert.equal(grant.inputs.scope, "plant1-kqlExport-id", "scoped to the kql-export container, not the account");
    assert.ok(schema.dependencies.includes(grant.urn), "the schema (and its export) waits for the role");

    // What the provider will apply is valid for the engine, together with the layer scripts.
    const { diagnostics, model } = await loadSchema((schema.inputs.scripts as { path: string; text: string }[]).map((s) => ({ path: s.path, text: s.text })));
    assert.deepEqual(diagnostics.map(formatDiagnostic), []);
    assert.equal(model.continuousExports.SilverToArchive.managedIdentity, "system");

    // The managed identity policy the export needs, for this database, generated right before the export script.
    const scripts = schema.inputs.scripts as { path: string; text: string }[];
    const paths = scripts.map((s) => s.path);
    assert.equal(paths.indexOf("archive-identity.kql"), paths.indexOf("5-export.kql") - 1);
    assert.match(scripts[paths.indexOf("archive-identity.kql")].text, /^\.alter-merge database plant1 policy managed_identity ```\[\{"ObjectId":"system","AllowedUsages":"AutomatedFlows, ExternalTable"\}\]```$/m);
    assert.equal(model.database.name, "plant1");
    assert.deepEqual(model.database.managedIdentity, [{ objectId: "system", allowedUsages: ["AutomatedFlows", "ExternalTable"] }]);
});

test("Fabric site: impersonation, and the deploying user (object id given) gets Blob Data Contributor on the container", async () => {
    const { resources } = await synth(
        () => {
            const archive = new ArchiveStorage("plant2", { resourceGroupName: "rg-plant2", publicNetworkAccess: "Enabled" });
            return new MedallionSchema("plant2", {
                clusterUri: "https://trd-abc.z1.kusto.fabric.microsoft.com",
                database: "plant2",
                archiveExport: {
                    backend: "fabric",
                    containerUrl: archive.containerUrls.kqlExport,
                    containerId: archive.containerIds.kqlExport,
                    writer: { name: "deployer", principalId: "11111111-2222-3333-4444-555555555555", principalType: "User" },
                },
            });
        },
        { outputs },
    );
    const schema = schemaOf(resources, "plant2");
    const text = exportScript(schema);
    assert.match(text, /h@'https:\/\/plant2-account\.blob\.core\.windows\.net\/kql-export\/silver;impersonate'/);
    assert.doesNotMatch(text, /managedIdentity|managed_identity/);
    // Fabric has no managed identity policy: no generated script, no policy anywhere.
    const scripts = schema.inputs.scripts as { path: string; text: string }[];
    assert.ok(!scripts.some((s) => s.path === "archive-identity.kql" || /policy\s+managed_identity/.test(s.text)));
    const grant = resources.find((r) => r.type === "azure-native:authorization:RoleAssignment" && r.name === "plant2-archive-writer-deployer");
    assert.ok(grant);
    assert.equal(grant.inputs.principalType, "User");
    assert.equal(grant.inputs.principalId, "11111111-2222-3333-4444-555555555555");
    assert.equal(grant.inputs.scope, "plant2-kqlExport-id");
});

test("no archive export: the {archive} script is left out; bad export args are refused up front", async () => {
    const { resources } = await synth(() => new MedallionSchema("plant3", { clusterUri: "https://x.kusto.windows.net", database: "db" }));
    const paths = (schemaOf(resources, "plant3").inputs.scripts as { path: string }[]).map((s) => s.path);
    assert.deepEqual(paths, ["1-bronze.kql", "2-silver.kql", "3-gold.kql", "4-lake.kql"]);
    assert.equal(resources.filter((r) => r.type === "azure-native:authorization:RoleAssignment").length, 0);

    assert.throws(
        () =>
            new MedallionSchema("bad", {
                clusterUri: "https://x.kusto.windows.net",
                database: "db",
                archiveExport: { backend: "synapse" as "adx", containerUrl: "https://a.blob.core.windows.net/c?sv=1&sig=x", writer: { name: "me", principalId: "p" } },
            }),
        (error: Error) =>
            /archiveExport\.backend: must be "adx" or "fabric"/.test(error.message) &&
            /archiveExport\.containerUrl: must be https:\/\/<host>\/<container> with no path, query \(SAS\)/.test(error.message) &&
            /archiveExport\.containerId: is required with archiveExport\.writer/.test(error.message),
    );
});
