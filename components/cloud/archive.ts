/**
 * `ArchiveStorage`: the blob archive of a site (Event Hubs Capture, edge cold path, KQL continuous
 * export), geo-redundant and Entra-only by default, with lifecycle tiering and optional WORM retention.
 */
import * as pulumi from "@pulumi/pulumi";
import { BlobContainer, BlobContainerImmutabilityPolicy, BlobServiceProperties, ManagementPolicy, StorageAccount } from "@pulumi/azure-native/storage";
import type { PublicNetworkAccess } from "./eventhubs";
import { azureName } from "./names";
import { checkPrincipals, RoleGranter, type PrincipalRef } from "./roles";
import { parseArmId } from "./rules/arm";
import { isContainerName, renderLifecyclePolicy, validateLifecycle, type LifecycleContext, type LifecycleRule } from "./rules/lifecycle";
import { ARCHIVE_CAPABLE_SKUS, SOFT_DELETE_DAYS } from "./rules/limits";
import { Problems } from "../validation";

/** Redundancy of the account. GRS/RA-GRS keep a copy in the paired region and can hold archive-tier blobs. */
export type ArchiveSku = "Standard_LRS" | "Standard_GRS" | "Standard_RAGRS" | "Standard_ZRS" | "Standard_GZRS" | "Standard_RAGZRS";

/** The three containers, by role. */
export type ArchiveContainer = "capture" | "edgeIngest" | "kqlExport";

export interface ArchiveImmutabilityArgs {
    /** Time-based retention: blobs cannot be changed or deleted for this many days after creation. Integer 1–146000. */
    days: number;
    /** Containers it applies to. Default all three. */
    containers?: ArchiveContainer[];
    /** Let append blobs grow while protected (`allowProtectedAppendWritesAll`). Default false. */
    allowProtectedAppendWrites?: boolean;
}

export interface ArchiveStorageArgs {
    /** Resource group of a created account. Required unless `existingAccountId` is set. */
    resourceGroupName?: pulumi.Input<string>;
    /** Region of a created account. Default: the resource group's region. */
    location?: pulumi.Input<string>;
    /** Adopt this storage account (ARM id): containers (and, if given explicitly, the lifecycle policy) are added to it; the account and its service settings are never modified or deleted. Default: create. */
    existingAccountId?: string;
    /** Account name, 3–24 lowercase letters and digits. Default: auto-named. */
    accountName?: string;
    /** Redundancy (of the adopted account when adopting). Default `Standard_RAGRS`: geo-redundant for DR, readable in the paired region, archive tier available (GZRS is not: https://learn.microsoft.com/azure/storage/blobs/access-tiers-overview). */
    sku?: ArchiveSku;
    /** Public network access; a deliberate choice, no default. Required unless adopting. */
    publicNetworkAccess?: PublicNetworkAccess;
    /**
     * With public network access `Disabled`: let trusted Azure services through the account's firewall
     * (`networkRuleSet.bypass: AzureServices`). Event Hubs Capture and an ADX cluster's identity write from
     * Microsoft's networks, never through a private endpoint in the site's VNet, so without this they are
     * refused (https://learn.microsoft.com/azure/storage/common/storage-network-security-trusted-azure-services);
     * the exception stays in effect while public access is off
     * (https://learn.microsoft.com/azure/storage/common/storage-network-security-overview#restrictions-and-considerations),
     * and each service still needs its data-plane role. Default false: private endpoints only.
     */
    trustedServices?: boolean;
    /** Allow account keys and SAS (shared key). Default false: Entra ID only. */
    allowSharedKeyAccess?: boolean;
    /** Hierarchical namespace (ADLS Gen2); fixed at creation. Default false. */
    hierarchicalNamespace?: boolean;
    /** Blob versioning. Default true. */
    versioning?: boolean;
    /** Blob and container soft delete, days (1–365); `false` turns it off. Default 14. */
    softDeleteDays?: number | false;
    /** Container names. Defaults `eh-capture`, `edge-ingest`, `kql-export`. */
    containerNames?: Partial<Record<ArchiveContainer, string>>;
    /**
     * Lifecycle rules per container prefix; `false` for none. The policy is account-wide and replaces any
     * existing one. Default when creating: every container cool after 30 days, cold after 60, archive
     * after 150 (archive only where the SKU allows it), never deleted. Default when adopting: none.
     */
    lifecycle?: LifecycleRule[] | false;
    /** Time-based immutability (WORM) on the containers. Created unlocked; locking is a manual, irreversible step. Default: none. */
    immutability?: ArchiveImmutabilityArgs;
    /** Identities that own blob data (the ACSA edge-volume extension, https://learn.microsoft.com/azure/azure-arc/container-storage/howto-configure-cloud-ingest-subvolumes): Storage Blob Data Owner on the account. */
    blobDataOwners?: PrincipalRef[];
    /** Identities that write blobs (KQL continuous export): Storage Blob Data Contributor on the account. */
    blobDataContributors?: PrincipalRef[];
    /** Tags for created resources. */
    tags?: Record<string, string>;
}

export const ARCHIVE_DEFAULTS = {
    sku: "Standard_RAGRS",
    softDeleteDays: 14,
    versioning: true,
    containerNames: { capture: "eh-capture", edgeIngest: "edge-ingest", kqlExport: "kql-export" },
    ages: { coolAfterDays: 30, coldAfterDays: 60, archiveAfterDays: 150 },
} as const satisfies { sku: ArchiveSku; softDeleteDays: number; versioning: boolean; containerNames: Record<ArchiveContainer, string>; ages: Omit<LifecycleRule, "container"> };

const CONTAINER_ROLES: readonly ArchiveContainer[] = ["capture", "edgeIngest", "kqlExport"];

interface Plan {
    sku: ArchiveSku;
    containers: Record<ArchiveContainer, string>;
    lifecycle: LifecycleRule[];
    ctx: LifecycleContext;
}

/** The args checked (every problem thrown at once as one ValidationError) and what they plan. */
function checkedPlan(name: string, args: ArchiveStorageArgs): Plan {
    const p = new Problems(`ArchiveStorage "${name}"`);
    const sku = args.sku ?? ARCHIVE_DEFAULTS.sku;
    const adopting = args.existingAccountId !== undefined;
    if (adopting) {
        const owned = (["resourceGroupName", "location", "accountName", "publicNetworkAccess", "trustedServices", "allowSharedKeyAccess", "hierarchicalNamespace", "versioning", "softDeleteDays"] as const).filter((k) => args[k] !== undefined);
        p.require(owned.length === 0, "existingAccountId", `adopts an account, so ${owned.join(", ")} belong to its owner and would be ignored; remove them`);
        p.absorb("existingAccountId", () => parseArmId(args.existingAccountId ?? "", "Microsoft.Storage", "storageAccounts", "id"));
    } else {
        p.require(args.resourceGroupName !== undefined, "resourceGroupName", "is required when creating an account (or set existingAccountId to adopt one)");
        p.require(args.publicNetworkAccess !== undefined, "publicNetworkAccess", `must be set deliberately: "Disabled" (private endpoints only), "Enabled" or "SecuredByPerimeter"`);
        p.require(args.accountName === undefined || /^[a-z0-9]{3,24}$/.test(args.accountName), "accountName", `"${args.accountName}" must be 3-24 lowercase letters and digits`);
        if (args.softDeleteDays !== false) {
            p.integerIn(args.softDeleteDays, "softDeleteDays", SOFT_DELETE_DAYS.min, SOFT_DELETE_DAYS.max);
        }
    }
    const containers = { ...ARCHIVE_DEFAULTS.containerNames, ...args.containerNames };
    for (const role of CONTAINER_ROLES) {
        p.require(isContainerName(containers[role]), `containerNames.${role}`, `"${containers[role]}" is not a valid container name (3-63 lowercase letters, digits and single hyphens)`);
    }
    p.require(new Set(Object.values(containers)).size === CONTAINER_ROLES.length, "containerNames", `must be three different names, got ${JSON.stringify(containers)}`);
    const immutabilityDays: Record<string, number> = {};
    if (args.immutability) {
        p.integerIn(args.immutability.days, "immutability.days", 1, 146_000);
        for (const c of args.immutability.containers ?? CONTAINER_ROLES) {
            p.require(CONTAINER_ROLES.includes(c), "immutability.containers", `"${c}" is not one of ${CONTAINER_ROLES.join(", ")}`);
            immutabilityDays[containers[c]] = args.immutability.days;
        }
    }
    const ctx: LifecycleContext = { skuName: sku, immutabilityDays, versioning: !adopting && (args.versioning ?? ARCHIVE_DEFAULTS.versioning) };
    const lifecycle =
        args.lifecycle === false || (adopting && args.lifecycle === undefined)
            ? []
            : args.lifecycle ?? CONTAINER_ROLES.map((role): LifecycleRule => {
                  const { archiveAfterDays, ...rest } = ARCHIVE_DEFAULTS.ages;
                  return { container: containers[role], ...rest, ...(ARCHIVE_CAPABLE_SKUS.includes(sku) ? { archiveAfterDays } : {}) };
              });
    p.addAll(validateLifecycle(lifecycle, ctx));
    for (const [i, rule] of lifecycle.entries()) {
        p.require(Object.values(containers).includes(rule.container), `lifecycle[${i}].container`, `"${rule.container}" is not one of this archive's containers (${Object.values(containers).join(", ")})`);
    }
    checkPrincipals(p, args.blobDataOwners, "blobDataOwners");
    checkPrincipals(p, args.blobDataContributors, "blobDataContributors");
    p.throwIfAny();
    return { sku, containers, lifecycle, ctx };
}

/**
 * The site's blob archive: a StorageV2 account (or an adopted one), its three containers, lifecycle
 * tiering, optional time-based immutability and blob data role assignments at account scope.
 */
export class ArchiveStorage extends pulumi.ComponentResource {
    /** ARM id of the account. */
    readonly accountId: pulumi.Output<string>;
    /** Account name. */
    readonly accountName: pulumi.Output<string>;
    /** Resource group of the account. */
    readonly resourceGroupName: pulumi.Output<string>;
    /** Primary blob endpoint (`https://<account>.blob.core.windows.net/`); undefined when adopted. */
    readonly blobEndpoint: pulumi.Output<string | undefined>;
    /** Read-only blob endpoint in the paired region (RA-GRS / RA-GZRS only); undefined otherwise. */
    readonly secondaryBlobEndpoint: pulumi.Output<string | undefined>;
    /** Container names by role. */
    readonly containerNames: Readonly<Record<ArchiveContainer, string>>;
    /** ARM ids of the containers by role (scopes for container-level role assignments). */
    readonly containerIds: Readonly<Record<ArchiveContainer, pulumi.Output<string>>>;
    /** Container URLs by role, `https://<account>.blob.core.windows.net/<container>` (for an adopted account, built from its name with the public-cloud suffix). */
    readonly containerUrls: Readonly<Record<ArchiveContainer, pulumi.Output<string>>>;
    /** Redundancy of the account. */
    readonly sku: ArchiveSku;

    constructor(name: string, args: ArchiveStorageArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validated before registering anything, so refused props leave no half-built component.
        const plan = checkedPlan(name, args);
        super("edge-fabric:cloud:ArchiveStorage", name, {}, opts);
        this.sku = plan.sku;
        this.containerNames = plan.containers;
        const roles = new RoleGranter(this);

        let ready: pulumi.Resource[] = [];
        if (args.existingAccountId) {
            const ref = parseArmId(args.existingAccountId, "Microsoft.Storage", "storageAccounts", "existingAccountId");
            this.accountId = pulumi.output(args.existingAccountId);
            this.accountName = pulumi.output(ref.name);
            this.resourceGroupName = pulumi.output(ref.resourceGroupName);
            this.blobEndpoint = pulumi.output(undefined);
            this.secondaryBlobEndpoint = pulumi.output(undefined);
        } else {
            const resourceGroupName = args.resourceGroupName as pulumi.Input<string>;
            const account = new StorageAccount(
                `${name}-account`,
                {
                    accountName: args.accountName,
                    resourceGroupName,
                    location: args.location,
                    kind: "StorageV2",
                    sku: { name: plan.sku },
                    accessTier: "Hot",
                    minimumTlsVersion: "TLS1_2",
                    enableHttpsTrafficOnly: true,
                    allowBlobPublicAccess: false,
                    allowSharedKeyAccess: args.allowSharedKeyAccess ?? false,
                    defaultToOAuthAuthentication: true,
                    allowCrossTenantReplication: false,
                    publicNetworkAccess: args.publicNetworkAccess,
                    // Stated explicitly so the plan (and the hop rules) show which services pass the firewall.
                    networkRuleSet: args.publicNetworkAccess === "Disabled" ? { defaultAction: "Deny", bypass: args.trustedServices ? "AzureServices" : "None" } : undefined,
                    isHnsEnabled: args.hierarchicalNamespace ?? false,
                    tags: args.tags,
                },
                { parent: this },
            );
            this.accountId = account.id;
            this.accountName = azureName(account, args.accountName);
            this.resourceGroupName = pulumi.output(resourceGroupName);
            this.blobEndpoint = account.primaryEndpoints.apply((e) => e?.blob);
            this.secondaryBlobEndpoint = account.secondaryEndpoints.apply((e) => e?.blob);
            const softDelete = args.softDeleteDays === false ? { enabled: false } : { enabled: true, days: args.softDeleteDays ?? ARCHIVE_DEFAULTS.softDeleteDays };
            const service = new BlobServiceProperties(
                `${name}-blob-service`,
                {
                    accountName: this.accountName,
                    resourceGroupName,
                    blobServicesName: "default",
                    isVersioningEnabled: plan.ctx.versioning,
                    deleteRetentionPolicy: softDelete,
                    containerDeleteRetentionPolicy: softDelete,
                },
                { parent: this },
            );
            ready = [service];
        }

        const containerIds = {} as Record<ArchiveContainer, pulumi.Output<string>>;
        const containerUrls = {} as Record<ArchiveContainer, pulumi.Output<string>>;
        const endpoint = pulumi.all([this.blobEndpoint, this.accountName]).apply(([e, account]) => (e ?? `https://${account}.blob.core.windows.net/`).replace(/\/+$/, ""));
        for (const role of CONTAINER_ROLES) {
            const containerName = plan.containers[role];
            containerUrls[role] = endpoint.apply((e) => `${e}/${containerName}`);
            const container = new BlobContainer(`${name}-${role}`, { accountName: this.accountName, resourceGroupName: this.resourceGroupName, containerName, publicAccess: "None" }, { parent: this, dependsOn: ready });
            containerIds[role] = container.id;
            if (args.immutability && (args.immutability.containers ?? CONTAINER_ROLES).includes(role)) {
                new BlobContainerImmutabilityPolicy(
                    `${name}-${role}-immutability`,
                    {
                        accountName: this.accountName,
                        resourceGroupName: this.resourceGroupName,
                        containerName,
                        immutabilityPolicyName: "default",
                        immutabilityPeriodSinceCreationInDays: args.immutability.days,
                        allowProtectedAppendWritesAll: args.immutability.allowProtectedAppendWrites ?? false,
                    },
                    { parent: this, dependsOn: [container] },
                );
            }
        }
        this.containerIds = containerIds;
        this.containerUrls = containerUrls;
        if (plan.lifecycle.length > 0) {
            new ManagementPolicy(
                `${name}-lifecycle`,
                { accountName: this.accountName, resourceGroupName: this.resourceGroupName, managementPolicyName: "default", policy: renderLifecyclePolicy(plan.lifecycle, plan.ctx) },
                { parent: this, dependsOn: ready },
            );
        }
        for (const owner of args.blobDataOwners ?? []) {
            roles.grant(`${name}-owner-${owner.name}`, owner, "storageBlobDataOwner", this.accountId, `${owner.name} owns archive blob data`);
        }
        for (const writer of args.blobDataContributors ?? []) {
            roles.grant(`${name}-writer-${writer.name}`, writer, "storageBlobDataContributor", this.accountId, `${writer.name} writes archive blobs`);
        }
        this.registerOutputs({ accountId: this.accountId, accountName: this.accountName, blobEndpoint: this.blobEndpoint, secondaryBlobEndpoint: this.secondaryBlobEndpoint });
    }
}
