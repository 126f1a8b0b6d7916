import { test } from "node:test";
import assert from "node:assert/strict";
import type { PolicyResource, ResourceValidationArgs, ResourceValidationPolicy, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import {
    archiveLifecycle,
    disasterRecoveryPairing,
    EVENT_HUBS_DR,
    EVENT_HUBS_NAMESPACE,
    KUSTO_CLUSTER,
    localAuthDisabled,
    MANAGEMENT_POLICY,
    noPublicNetworkAccess,
    policies,
    PUBLIC_ACCESS_TAG,
    STORAGE_ACCOUNT,
    tls12,
} from "../../policy/policies";

/** Runs a resource policy's validate functions on fabricated args and returns the violations. */
async function validate(policy: ResourceValidationPolicy, type: string, props: Record<string, unknown>, config: object = {}, name = "res"): Promise<string[]> {
    const found: string[] = [];
    const args = { type, name, urn: `urn:pulumi:dev::edge-fabric::${type}::${name}`, props, getConfig: () => config } as unknown as ResourceValidationArgs;
    const fns = policy.validateResource === undefined ? [] : Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource];
    for (const fn of fns) {
        // Awaited: a validation that returns a promise reports only once it settles.
        await fn(args, (m) => found.push(m));
    }
    return found;
}

function resource(type: string, name: string, props: Record<string, unknown>, dependencies: PolicyResource[] = []): PolicyResource {
    return { type, name, urn: `urn:pulumi:dev::edge-fabric::${type}::${name}`, props, dependencies, propertyDependencies: {}, opts: {} } as unknown as PolicyResource;
}

async function validateStack(policy: StackValidationPolicy, resources: PolicyResource[], config: object = {}): Promise<string[]> {
    const found: string[] = [];
    const args = { resources, getConfig: () => config, stackTags: new Map() } as unknown as StackValidationArgs;
    await policy.validateStack(args, (m) => found.push(m));
    return found;
}

const secureNamespace = { disableLocalAuth: true, minimumTlsVersion: "1.2", publicNetworkAccess: "Disabled", location: "westeurope", namespaceName: "ehns-site01" };
const secureAccount = { allowSharedKeyAccess: false, minimumTlsVersion: "TLS1_2", publicNetworkAccess: "Disabled", allowBlobPublicAccess: false, accountName: "stsite01", sku: { name: "Standard_GRS" } };

test("the pack has unique policy names, all mandatory", () => {
    assert.equal(new Set(policies.map((p) => p.name)).size, policies.length);
    assert.ok(policies.every((p) => p.enforcementLevel === "mandatory"));
});

test("local auth: secure resources pass, SAS and shared keys fail", async () => {
    assert.deepEqual(await validate(localAuthDisabled, EVENT_HUBS_NAMESPACE, secureNamespace), []);
    assert.deepEqual(await validate(localAuthDisabled, STORAGE_ACCOUNT, secureAccount), []);
    assert.match((await validate(localAuthDisabled, EVENT_HUBS_NAMESPACE, { ...secureNamespace, disableLocalAuth: false }))[0], /disableLocalAuth to true/);
    assert.match((await validate(localAuthDisabled, EVENT_HUBS_NAMESPACE, { ...secureNamespace, disableLocalAuth: undefined }))[0], /got nothing/);
    assert.match((await validate(localAuthDisabled, STORAGE_ACCOUNT, { ...secureAccount, allowSharedKeyAccess: true }))[0], /allowSharedKeyAccess to false/);
    assert.deepEqual(await validate(localAuthDisabled, "azure-native:resources:ResourceGroup", {}), []);
});

test("TLS 1.2: older versions and plain HTTP fail", async () => {
    assert.deepEqual(await validate(tls12, EVENT_HUBS_NAMESPACE, secureNamespace), []);
    assert.deepEqual(await validate(tls12, STORAGE_ACCOUNT, secureAccount), []);
    assert.match((await validate(tls12, EVENT_HUBS_NAMESPACE, { ...secureNamespace, minimumTlsVersion: "1.0" }))[0], /minimumTlsVersion to "1.2" \(got "1.0"\)/);
    assert.equal((await validate(tls12, STORAGE_ACCOUNT, { ...secureAccount, minimumTlsVersion: "TLS1_1", enableHttpsTrafficOnly: false })).length, 2);
});

test("public network access: off passes, on fails unless tagged or listed", async () => {
    assert.deepEqual(await validate(noPublicNetworkAccess, EVENT_HUBS_NAMESPACE, secureNamespace), []);
    assert.match((await validate(noPublicNetworkAccess, EVENT_HUBS_NAMESPACE, { ...secureNamespace, publicNetworkAccess: "Enabled" }))[0], /"Enabled"/);
    assert.match((await validate(noPublicNetworkAccess, KUSTO_CLUSTER, {}))[0], /service default/);
    const open = await validate(noPublicNetworkAccess, STORAGE_ACCOUNT, { ...secureAccount, publicNetworkAccess: "Enabled", allowBlobPublicAccess: true });
    assert.equal(open.length, 2);
    assert.deepEqual(await validate(noPublicNetworkAccess, STORAGE_ACCOUNT, { ...secureAccount, publicNetworkAccess: "Enabled", tags: { [PUBLIC_ACCESS_TAG]: "allowed" } }), []);
    assert.deepEqual(await validate(noPublicNetworkAccess, EVENT_HUBS_NAMESPACE, { ...secureNamespace, publicNetworkAccess: "Enabled" }, { allowPublicNetworkAccess: ["ns"] }, "ns"), []);
    assert.equal((await validate(noPublicNetworkAccess, EVENT_HUBS_NAMESPACE, { ...secureNamespace, publicNetworkAccess: "Enabled" }, { allowPublicNetworkAccess: ["other"] }, "ns")).length, 1);
});

const tiering = { policy: { rules: [{ name: "tiering", enabled: true, type: "Lifecycle", definition: { actions: { baseBlob: { tierToCool: { daysAfterModificationGreaterThan: 30 }, delete: { daysAfterModificationGreaterThan: 2555 } } }, filters: { blobTypes: ["blockBlob"] } } }] } };

test("archive lifecycle: an account needs a tiering policy, found by dependency or by name", async () => {
    const account = resource(STORAGE_ACCOUNT, "archive", secureAccount);
    assert.deepEqual(await validateStack(archiveLifecycle, [account, resource(MANAGEMENT_POLICY, "lc", tiering, [account])]), []);
    assert.deepEqual(await validateStack(archiveLifecycle, [account, resource(MANAGEMENT_POLICY, "lc", { ...tiering, accountName: "stsite01" })]), []);
    assert.match((await validateStack(archiveLifecycle, [account]))[0], /archive has no lifecycle management policy/);
    assert.match((await validateStack(archiveLifecycle, [account, resource(MANAGEMENT_POLICY, "lc", { accountName: "someone-else" })]))[0], /no lifecycle/);
    const disabled = { policy: { rules: [{ ...tiering.policy.rules[0], enabled: false }] } };
    assert.match((await validateStack(archiveLifecycle, [account, resource(MANAGEMENT_POLICY, "lc", disabled, [account])]))[0], /no enabled rule that tiers or deletes/);
});

test("DR pairing: not applied without DR, required with a second namespace or by config", async () => {
    const primary = resource(EVENT_HUBS_NAMESPACE, "primary", secureNamespace);
    const secondary = resource(EVENT_HUBS_NAMESPACE, "secondary", { ...secureNamespace, namespaceName: "ehns-site01-dr", location: "northeurope" });
    const account = resource(STORAGE_ACCOUNT, "archive", secureAccount);
    assert.deepEqual(await validateStack(disasterRecoveryPairing, [primary, account]), []);
    assert.match((await validateStack(disasterRecoveryPairing, [primary, account], { requireDisasterRecovery: true }))[0], /no Event Hubs geo-DR alias/);
    assert.match((await validateStack(disasterRecoveryPairing, [primary, secondary]))[0], /no Event Hubs geo-DR alias/);
    const pairing = resource(EVENT_HUBS_DR, "alias", { alias: "site01-telemetry", namespaceName: "ehns-site01", partnerNamespace: "/subscriptions/x/resourceGroups/rg/providers/Microsoft.EventHub/namespaces/ehns-site01-dr" });
    assert.deepEqual(await validateStack(disasterRecoveryPairing, [primary, secondary, pairing, account]), []);
    const sameRegion = resource(EVENT_HUBS_NAMESPACE, "secondary", { ...secureNamespace, namespaceName: "ehns-site01-dr" });
    assert.match((await validateStack(disasterRecoveryPairing, [primary, sameRegion, pairing]))[0], /same region \(westeurope\)/);
    const unpaired = resource(EVENT_HUBS_DR, "alias", { alias: "a", namespaceName: "ehns-site01" });
    assert.match((await validateStack(disasterRecoveryPairing, [primary, unpaired]))[0], /has no partnerNamespace/);
    const lrs = resource(STORAGE_ACCOUNT, "archive", { ...secureAccount, sku: { name: "Standard_LRS" } });
    assert.match((await validateStack(disasterRecoveryPairing, [primary, secondary, pairing, lrs]))[0], /Standard_LRS while DR is on/);
});
