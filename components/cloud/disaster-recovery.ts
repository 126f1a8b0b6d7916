/**
 * `DisasterRecovery`: a secondary Event Hubs namespace in the paired region, paired with the primary
 * through a geo-DR alias (the edge connects to the alias, so a failover needs no change on site), the
 * archive's geo-redundancy checked, and an injected standby KQL database in the second region.
 */
import * as pulumi from "@pulumi/pulumi";
import { DisasterRecoveryConfig, Namespace } from "@pulumi/azure-native/eventhub";
import type { ArchiveStorage } from "./archive";
import { checkNamespaceSettings, secureNamespaceArgs, type EventHubsIngestion, type NamespaceSettings } from "./eventhubs";
import { azureName } from "./names";
import { PrivateNetwork } from "./private-network";
import { checkPrincipals, RoleGranter, type PrincipalRef } from "./roles";
import { eventHubsHost } from "./rules/arm";
import { GEO_REDUNDANT_SKUS } from "./rules/limits";
import { Problems, ValidationError } from "../validation";

/** What the standby factory gets to build the standby KQL database in the second region. */
export interface StandbyContext {
    /** The secondary region. */
    location: string;
    /** Parent for the standby's resources (this component), so they sit under it in the tree. */
    parent: pulumi.Resource;
    /** Alias host the standby ingests through: the primary namespace now, the secondary after a failover. */
    eventHubsHost: pulumi.Output<string>;
    /** Event hubs the standby reads. */
    eventHubNames: string[];
    /** Consumer group on each hub reserved for the standby (`standbyConsumerGroup`). */
    consumerGroup: string;
}

/** What the standby factory returns: the standby database and, optionally, the identity that reads Event Hubs. */
export interface StandbyDatabase {
    /** Query URI of the standby Eventhouse / ADX cluster. */
    queryServiceUri: pulumi.Input<string>;
    /** Name of the standby KQL database. */
    databaseName: pulumi.Input<string>;
    /** Identity that ingests from Event Hubs for the standby; granted Data Receiver on each primary hub and on the secondary namespace. */
    reader?: PrincipalRef;
}

/**
 * What the pairing reads of the primary: a site's `EventHubsIngestion`, or a namespace without hubs of
 * its own (the platform's shared namespace, whose hubs the sites add and the alias replicates).
 */
export type DisasterRecoveryPrimary = Pick<
    EventHubsIngestion,
    "namespaceName" | "resourceGroupName" | "eventHubIds" | "consumerGroups" | "namespaceSettings" | "sku" | "captureStorageAccountId" | "grants" | "dnsSuffix"
>;

export interface DisasterRecoveryArgs {
    /** The primary Event Hubs (its namespace gets the alias). */
    primary: DisasterRecoveryPrimary;
    /** Region of the primary namespace, when known as a plain string, to refuse a secondary in the same region. */
    primaryLocation?: string;
    /** The paired region for the secondary namespace and the standby database (e.g. `northeurope` for `westeurope`). */
    secondaryLocation: string;
    /** Resource group of the secondary namespace. Default: the primary's resource group. */
    secondaryResourceGroupName?: pulumi.Input<string>;
    /** Secondary namespace name (globally unique; must be new: https://learn.microsoft.com/azure/event-hubs/event-hubs-geo-dr). Default: auto-named. */
    secondaryNamespaceName?: string;
    /** Secondary namespace settings. Default: the primary's (required when the primary namespace is adopted). */
    secondary?: Partial<NamespaceSettings>;
    /** Geo-DR alias name: the stable host `<alias>.servicebus.windows.net` the edge connects to. Must differ from both namespace names. */
    alias: string;
    /** The site's archive: its redundancy must be geo-redundant, and the secondary's identity may write Capture files to it. Default: not checked. */
    archive?: ArchiveStorage;
    /**
     * Builds the standby KQL database in `ctx.location` (e.g. an `Eventhouse` with `MedallionSchema`
     * applied) and returns its endpoint. Default: no standby database here (the site composes one).
     */
    standby?: (ctx: StandbyContext) => StandbyDatabase;
    /** Consumer group the standby reads through; must exist on every primary hub (`hubs[].consumerGroups`). Default `standby`. */
    standbyConsumerGroup?: string;
    /**
     * The primary namespace's private connectivity. The secondary gets its own private endpoint in the
     * same subnet, registered in the same zone, and the pairing waits for both: geo-DR pairs namespaces
     * with private endpoints only when both have one
     * (https://learn.microsoft.com/azure/event-hubs/event-hubs-geo-dr#private-endpoints). Required when
     * the namespaces' public network access is `Disabled`. Default: none.
     */
    privateNetwork?: PrivateNetwork;
    /** Tags for created resources. */
    tags?: Record<string, string>;
}

export const DISASTER_RECOVERY_DEFAULTS = { standbyConsumerGroup: "standby" } as const;

/** The args checked (every problem thrown at once as one ValidationError) and what they plan. */
function checkedPlan(name: string, args: DisasterRecoveryArgs): NamespaceSettings {
    const p = new Problems(`DisasterRecovery "${name}"`);
    const primary = args.primary;
    const merged = { ...primary.namespaceSettings, ...args.secondary };
    const missing = (["sku", "capacity", "zoneRedundant", "publicNetworkAccess", "allowLocalAuth"] as const).filter((k) => merged[k] === undefined);
    p.require(missing.length === 0, "secondary", `needs ${missing.join(", ")}: the primary namespace is adopted, so there are no settings to mirror`);
    const settings = merged as NamespaceSettings;
    if (missing.length === 0) {
        if (settings.sku === primary.sku) {
            checkNamespaceSettings(p, settings, "secondary.");
        } else {
            p.require(false, "secondary.sku", `must match the primary's ${primary.sku}: a geo-DR pair of different tiers cannot take over the primary's load`);
        }
    }
    p.require(
        missing.length > 0 || settings.publicNetworkAccess !== "Disabled" || args.privateNetwork !== undefined,
        "privateNetwork",
        "is required when public network access is Disabled: the secondary needs a private endpoint before the pairing, and nothing reaches it without one; give the primary's PrivateNetwork",
    );
    p.require(args.secondaryLocation.trim() !== "" && args.secondaryLocation !== args.primaryLocation, "secondaryLocation", `must be a region other than the primary's ("${args.primaryLocation ?? ""}"), normally its paired region`);
    p.require(/^[A-Za-z][A-Za-z0-9-]*[A-Za-z0-9]$/.test(args.alias) && args.alias.length <= 50, "alias", `"${args.alias}" must be a DNS label of letters, digits and hyphens, starting with a letter, at most 50 characters`);
    p.require(args.alias !== args.secondaryNamespaceName, "alias", "must differ from the secondary namespace name");
    if (args.archive) {
        p.require(
            GEO_REDUNDANT_SKUS.includes(args.archive.sku),
            "archive",
            `account is ${args.archive.sku}, which keeps no copy in the paired region; use sku "Standard_RAGRS" (or "Standard_GRS") on the ArchiveStorage`,
        );
    }
    const group = args.standbyConsumerGroup ?? DISASTER_RECOVERY_DEFAULTS.standbyConsumerGroup;
    if (args.standby) {
        const lacking = Object.entries(primary.consumerGroups).filter(([, groups]) => !groups.includes(group)).map(([hub]) => hub);
        p.require(lacking.length === 0, "standbyConsumerGroup", `"${group}" is not a consumer group of hub(s) ${lacking.join(", ")}; add it to their consumerGroups in EventHubsIngestion so the standby reads with its own offsets`);
    }
    p.throwIfAny();
    return settings;
}

/**
 * Geo-DR for one site: secondary namespace + alias, the archive's geo-redundancy, and the standby
 * database from the `standby` factory.
 */
export class DisasterRecovery extends pulumi.ComponentResource {
    /** Alias host name: what the edge and readers connect to. Kafka clients use `${aliasHost}:9093`. */
    readonly aliasHost: pulumi.Output<string>;
    /** Alias name. */
    readonly alias: pulumi.Output<string>;
    /** ARM id of the secondary namespace. */
    readonly secondaryNamespaceId: pulumi.Output<string>;
    /** Secondary namespace name (`az eventhubs georecovery-alias fail-over` runs against it). */
    readonly secondaryNamespaceName: pulumi.Output<string>;
    /** Resource group of the secondary namespace. */
    readonly secondaryResourceGroupName: pulumi.Output<string>;
    /** Read-only archive endpoint in the paired region (RA-GRS), if the archive was given. */
    readonly archiveSecondaryBlobEndpoint: pulumi.Output<string | undefined> | undefined;
    /** The standby database, when a `standby` factory was given. */
    readonly standby: { queryServiceUri: pulumi.Output<string>; databaseName: pulumi.Output<string> } | undefined;

    constructor(name: string, args: DisasterRecoveryArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validated before registering anything, so refused props leave no half-built component.
        const settings = checkedPlan(name, args);
        super("edge-fabric:cloud:DisasterRecovery", name, {}, opts);
        const primary = args.primary;
        const roles = new RoleGranter(this);
        this.secondaryResourceGroupName = pulumi.output(args.secondaryResourceGroupName ?? primary.resourceGroupName);
        const secondary = new Namespace(`${name}-secondary`, secureNamespaceArgs(settings, this.secondaryResourceGroupName, args.secondaryLocation, args.secondaryNamespaceName, args.tags), { parent: this });
        this.secondaryNamespaceId = secondary.id;
        this.secondaryNamespaceName = azureName(secondary, args.secondaryNamespaceName);

        // The secondary's endpoint sits in the primary's subnet: "the private-link resource can be deployed
        // in a different region than the one for the virtual network and private endpoint"
        // (https://learn.microsoft.com/azure/private-link/private-endpoint-overview).
        const net = args.privateNetwork;
        const secondaryPrivate = net
            ? new PrivateNetwork(`${name}-secondary-private`, { ...net.placement, targets: [{ name: "eventhubs-secondary", resourceId: secondary.id, subresource: "namespace" }], tags: args.tags }, { parent: this })
            : undefined;
        const pairing = new DisasterRecoveryConfig(
            `${name}-alias`,
            { alias: args.alias, namespaceName: primary.namespaceName, resourceGroupName: primary.resourceGroupName, partnerNamespace: secondary.id },
            { parent: this, dependsOn: net && secondaryPrivate ? [net, secondaryPrivate] : [] },
        );
        this.alias = azureName(pairing, args.alias);
        this.aliasHost = this.alias.apply((alias) => eventHubsHost(alias, primary.dnsSuffix));

        // RBAC is not part of the metadata the alias replicates, and the replicated hubs appear only after
        // pairing, so identities are granted on the secondary namespace as a whole.
        const secondaryPrincipals: { p: PrincipalRef; role: "eventHubsDataSender" | "eventHubsDataReceiver"; verb: string }[] = [
            ...primary.grants.senders.map((p) => ({ p, role: "eventHubsDataSender" as const, verb: "send" })),
            ...primary.grants.receivers.map((p) => ({ p, role: "eventHubsDataReceiver" as const, verb: "read" })),
        ];
        // Capture settings replicate with the hubs, so after a failover the secondary's identity writes the capture files.
        if (primary.captureStorageAccountId) {
            roles.grant(`${name}-capture-writer`, { name: "capture", principalId: secondary.identity.apply((i) => i?.principalId ?? "") }, "storageBlobDataContributor", primary.captureStorageAccountId, "Event Hubs Capture from the geo-DR secondary after a failover");
        }
        this.archiveSecondaryBlobEndpoint = args.archive?.secondaryBlobEndpoint;

        if (args.standby) {
            const consumerGroup = args.standbyConsumerGroup ?? DISASTER_RECOVERY_DEFAULTS.standbyConsumerGroup;
            const db = args.standby({ location: args.secondaryLocation, parent: this, eventHubsHost: this.aliasHost, eventHubNames: Object.keys(primary.eventHubIds), consumerGroup });
            this.standby = { queryServiceUri: pulumi.output(db.queryServiceUri), databaseName: pulumi.output(db.databaseName) };
            if (db.reader) {
                const reader = db.reader;
                const p = new Problems(`DisasterRecovery "${name}"`);
                // The reader joins the primary's receivers on the secondary namespace, so its name must be free there.
                checkPrincipals(p, [...primary.grants.receivers, reader], "receivers + standby().reader");
                // The reader is only known once the standby is built under this component: refused as this resource's error.
                if (p.all.length > 0) {
                    throw new pulumi.ResourceError(new ValidationError(`DisasterRecovery "${name}"`, p.all).message, this);
                }
                for (const [hub, id] of Object.entries(primary.eventHubIds)) {
                    roles.grant(`${name}-${hub}-read-${reader.name}`, reader, "eventHubsDataReceiver", id, `standby ${reader.name} reads ${hub}`);
                }
                secondaryPrincipals.push({ p: reader, role: "eventHubsDataReceiver", verb: "read" });
            }
        }
        for (const { p, role, verb } of secondaryPrincipals) {
            roles.grant(`${name}-secondary-${verb}-${p.name}`, p, role, secondary.id, `${p.name} ${verb}s through the alias after a failover`);
        }
        this.registerOutputs({ aliasHost: this.aliasHost, secondaryNamespaceId: this.secondaryNamespaceId, standby: this.standby });
    }
}
