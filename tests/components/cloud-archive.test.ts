import { test } from "node:test";
import assert from "node:assert/strict";
import { ArchiveStorage, type ArchiveStorageArgs } from "../../components/cloud/archive";
import { ValidationError } from "../../components/validation";
import { synth } from "../../cli/synth";
import { all, component, one, outputs, role } from "./cloud-harness";
import { value } from "./output-value";

const OWNER = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
const CONTRIBUTOR = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
const base: ArchiveStorageArgs = { resourceGroupName: "rg-plant", publicNetworkAccess: "Disabled" };

test("creates a geo-redundant, Entra-only StorageV2 account with versioning, soft delete and three private containers", async () => {
    const { resources, result } = await synth(() => {
        const a = new ArchiveStorage("arch", base);
        return { a, blob: a.blobEndpoint, secondary: a.secondaryBlobEndpoint };
    }, { outputs });
    const self = component(resources, "ArchiveStorage", "arch");
    const account = one(resources, "storage:StorageAccount", "arch-account");
    assert.equal(account.parent, self.urn);
    assert.deepEqual(account.inputs.sku, { name: "Standard_RAGRS" });
    assert.equal(account.inputs.kind, "StorageV2");
    assert.equal(account.inputs.minimumTlsVersion, "TLS1_2");
    assert.equal(account.inputs.allowSharedKeyAccess, false);
    assert.equal(account.inputs.allowBlobPublicAccess, false);
    assert.equal(account.inputs.enableHttpsTrafficOnly, true);
    assert.equal(account.inputs.defaultToOAuthAuthentication, true);
    assert.equal(account.inputs.allowCrossTenantReplication, false);
    assert.equal(account.inputs.publicNetworkAccess, "Disabled");
    assert.equal(account.inputs.isHnsEnabled, false);

    const service = one(resources, "storage:BlobServiceProperties", "arch-blob-service");
    assert.equal(service.inputs.isVersioningEnabled, true);
    assert.deepEqual(service.inputs.deleteRetentionPolicy, { enabled: true, days: 14 });
    assert.deepEqual(service.inputs.containerDeleteRetentionPolicy, { enabled: true, days: 14 });

    const containers = all(resources, "storage:BlobContainer");
    assert.deepEqual(containers.map((c) => [c.inputs.containerName, c.inputs.publicAccess, c.inputs.accountName]).sort(), [
        ["edge-ingest", "None", "arch-account"],
        ["eh-capture", "None", "arch-account"],
        ["kql-export", "None", "arch-account"],
    ]);
    assert.ok(containers.every((c) => c.dependencies.includes(service.urn)), "containers wait for the blob service settings");
    assert.deepEqual(result.a.containerNames, { capture: "eh-capture", edgeIngest: "edge-ingest", kqlExport: "kql-export" });
    assert.equal(await value(result.blob), "https://arch-account.blob.core.windows.net/");
    assert.equal(await value(result.secondary), "https://arch-account-secondary.blob.core.windows.net/");
    assert.equal(all(resources, "storage:BlobContainerImmutabilityPolicy").length, 0, "no immutability unless asked");
});

test("default lifecycle tiers every container cool 30 / cold 60 / archive 150 and never deletes", async () => {
    const { resources } = await synth(() => new ArchiveStorage("arch", base), { outputs });
    const policy = one(resources, "storage:ManagementPolicy", "arch-lifecycle");
    assert.equal(policy.inputs.managementPolicyName, "default");
    const rules = (policy.inputs.policy as { rules: { name: string; definition: { filters: { prefixMatch: string[] }; actions: { baseBlob: Record<string, unknown> } } }[] }).rules;
    assert.deepEqual(rules.map((r) => r.definition.filters.prefixMatch[0]), ["eh-capture/", "edge-ingest/", "kql-export/"]);
    for (const r of rules) {
        assert.deepEqual(r.definition.actions.baseBlob, {
            tierToCool: { daysAfterModificationGreaterThan: 30 },
            tierToCold: { daysAfterModificationGreaterThan: 60 },
            tierToArchive: { daysAfterModificationGreaterThan: 150 },
        });
    }
});

test("on a zone-redundant account the default lifecycle stops at cold (archive needs LRS/GRS/RA-GRS)", async () => {
    const { resources } = await synth(() => new ArchiveStorage("arch", { ...base, sku: "Standard_GZRS" }), { outputs });
    const rules = (one(resources, "storage:ManagementPolicy", "arch-lifecycle").inputs.policy as { rules: { definition: { actions: { baseBlob: Record<string, unknown> } } }[] }).rules;
    assert.ok(rules.every((r) => r.definition.actions.baseBlob.tierToArchive === undefined && r.definition.actions.baseBlob.tierToCold !== undefined));
});

test("custom lifecycle per prefix, immutability and role assignments at account scope", async () => {
    const { resources } = await synth(
        () =>
            new ArchiveStorage("arch", {
                ...base,
                containerNames: { kqlExport: "gold" },
                lifecycle: [{ container: "gold", prefix: "daily/", coolAfterDays: 30, deleteAfterDays: 3650 }],
                immutability: { days: 365, containers: ["kqlExport"] },
                blobDataOwners: [{ name: "acsa", principalId: "acsa-principal" }],
                blobDataContributors: [{ name: "export", principalId: "kusto-principal" }],
            }),
        { outputs },
    );
    const rules = (one(resources, "storage:ManagementPolicy", "arch-lifecycle").inputs.policy as { rules: { name: string; definition: { filters: { prefixMatch: string[] }; actions: Record<string, unknown> } }[] }).rules;
    assert.equal(rules.length, 1);
    assert.equal(rules[0].name, "gold-daily-");
    assert.deepEqual(rules[0].definition.filters.prefixMatch, ["gold/daily/"]);
    assert.deepEqual(rules[0].definition.actions.version, { delete: { daysAfterCreationGreaterThan: 3650 } });
    const worm = all(resources, "storage:BlobContainerImmutabilityPolicy");
    assert.equal(worm.length, 1);
    assert.equal(worm[0].inputs.containerName, "gold");
    assert.equal(worm[0].inputs.immutabilityPolicyName, "default");
    assert.equal(worm[0].inputs.immutabilityPeriodSinceCreationInDays, 365);
    assert.equal(worm[0].inputs.allowProtectedAppendWritesAll, false);
    const grants = all(resources, "authorization:RoleAssignment").map((r) => [r.name, r.inputs.scope, r.inputs.principalId, r.inputs.roleDefinitionId]);
    assert.deepEqual(grants.sort(), [
        ["arch-owner-acsa", "arch-account-id", "acsa-principal", role(OWNER)],
        ["arch-writer-export", "arch-account-id", "kusto-principal", role(CONTRIBUTOR)],
    ]);
});

test("every secure default can be opted out of explicitly", async () => {
    const { resources } = await synth(
        () => new ArchiveStorage("open", { ...base, publicNetworkAccess: "Enabled", allowSharedKeyAccess: true, hierarchicalNamespace: true, versioning: false, softDeleteDays: false, lifecycle: false, sku: "Standard_LRS", accountName: "openarchive01" }),
        { outputs },
    );
    const account = one(resources, "storage:StorageAccount", "open-account");
    assert.equal(account.inputs.publicNetworkAccess, "Enabled");
    assert.equal(account.inputs.allowSharedKeyAccess, true);
    assert.equal(account.inputs.isHnsEnabled, true);
    assert.deepEqual(account.inputs.sku, { name: "Standard_LRS" });
    assert.equal(account.inputs.accountName, "openarchive01");
    assert.equal(account.inputs.allowBlobPublicAccess, false, "public blob access has no opt-out");
    const service = one(resources, "storage:BlobServiceProperties", "open-blob-service");
    assert.equal(service.inputs.isVersioningEnabled, false);
    assert.deepEqual(service.inputs.deleteRetentionPolicy, { enabled: false });
    assert.equal(all(resources, "storage:ManagementPolicy").length, 0);
});

test("adopts an existing account by id: only containers are added; a lifecycle policy only when given", async () => {
    const id = "/subscriptions/s1/resourceGroups/rg-shared/providers/Microsoft.Storage/storageAccounts/platformarchive";
    const { resources, result } = await synth(() => {
        const plain = new ArchiveStorage("site", { existingAccountId: id });
        const withPolicy = new ArchiveStorage("site2", { existingAccountId: id, sku: "Standard_GRS", containerNames: { capture: "cap-2", edgeIngest: "edge-2", kqlExport: "kql-2" }, lifecycle: [{ container: "cap-2", archiveAfterDays: 1 }] });
        return { accountId: plain.accountId, name: plain.accountName, withPolicy };
    }, { outputs });
    assert.equal(all(resources, "storage:StorageAccount").length, 0);
    assert.equal(all(resources, "storage:BlobServiceProperties").length, 0);
    const containers = all(resources, "storage:BlobContainer").filter((c) => c.name.startsWith("site-"));
    assert.equal(containers.length, 3);
    assert.ok(containers.every((c) => c.inputs.accountName === "platformarchive" && c.inputs.resourceGroupName === "rg-shared"));
    const policies = all(resources, "storage:ManagementPolicy");
    assert.deepEqual(policies.map((p) => p.name), ["site2-lifecycle"]);
    assert.equal(await value(result.accountId), id);
    assert.equal(await value(result.name), "platformarchive");
});

function refused(args: ArchiveStorageArgs): string[] {
    try {
        new ArchiveStorage("bad", args);
    } catch (err) {
        assert.ok(err instanceof ValidationError, String(err));
        assert.match(err.message, /^ArchiveStorage "bad": /);
        return err.problems.map((p) => `${p.path}: ${p.message}`);
    }
    assert.fail("accepted");
}

test("refuses bad props, all at once, before registering anything", async () => {
    const { resources, result } = await synth(() => ({
        missing: refused({}),
        bad: refused({
            ...base,
            sku: "Standard_GZRS",
            accountName: "Bad_Name",
            softDeleteDays: 400,
            containerNames: { capture: "same", edgeIngest: "same", kqlExport: "X" },
            lifecycle: [{ container: "same", coolAfterDays: 30, coldAfterDays: 40, archiveAfterDays: 200, deleteAfterDays: 100 }, { container: "elsewhere", coolAfterDays: 1 }],
            immutability: { days: 365, containers: ["capture"] },
            blobDataOwners: [{ name: "a b", principalId: "x" }],
        }),
        adopt: refused({ existingAccountId: "not-an-id", publicNetworkAccess: "Enabled", versioning: true }),
    }));
    assert.deepEqual(resources, [], "nothing registered");
    assert.deepEqual(result.missing, [
        "resourceGroupName: is required when creating an account (or set existingAccountId to adopt one)",
        `publicNetworkAccess: must be set deliberately: "Disabled" (private endpoints only), "Enabled" or "SecuredByPerimeter"`,
    ]);
    assert.deepEqual(result.bad.map((l) => l.slice(0, l.indexOf(":"))), [
        "accountName",
        "softDeleteDays",
        "containerNames.kqlExport",
        "containerNames",
        "lifecycle[0].coldAfterDays",
        "lifecycle[0].deleteAfterDays",
        "lifecycle[0].archiveAfterDays",
        "lifecycle[0].deleteAfterDays",
        "lifecycle[1].container",
        "blobDataOwners[0].name",
    ]);
    assert.match(result.bad[6], /archive tier is not available on Standard_GZRS/);
    assert.match(result.bad[7], /inside container "same"'s immutability period of 365 days/);
    assert.match(result.bad[8], /"elsewhere" is not one of this archive's containers/);
    assert.deepEqual(result.adopt.map((l) => l.slice(0, l.indexOf(":"))), ["existingAccountId", "existingAccountId.id"]);
    assert.match(result.adopt[0], /publicNetworkAccess, versioning belong to its owner/);
});
