/**
 * `EventHubsIngestion`: the Event Hubs namespace (or an adopted one), its hubs and consumer groups,
 * Capture of each hub into the archive, and least-privilege data-plane role assignments.
 */
import * as pulumi from "@pulumi/pulumi";
import { ConsumerGroup, EventHub, Namespace, NamespaceNetworkRuleSet, type NamespaceArgs } from "@pulumi/azure-native/eventhub";
import { azureName } from "./names";
import { checkPrincipals, RoleGranter, type PrincipalRef } from "./roles";
import { eventHubsHost, parseArmId, SERVICE_BUS_DNS_SUFFIX } from "./rules/arm";
import {
    CAPTURE_INTERVAL_SECONDS,
    CAPTURE_NAME_TOKENS,
    CAPTURE_SIZE_BYTES,
    CAPTURE_SOURCE,
    CONSUMER_GROUP_NAME_MAX,
    EVENT_HUB_NAME_MAX,
    EVENT_HUBS_LIMITS,
    EVENT_HUBS_LIMITS_SOURCE,
    type EventHubsSku,
} from "./rules/limits";
import { Problems } from "../validation";
import { sizeEventHubs, type EventHubsSizing, type SizingOptions, type TelemetryProfile } from "./rules/sizing";

/** Whether clients may reach a namespace or account over the public internet. */
export type PublicNetworkAccess = "Enabled" | "Disabled" | "SecuredByPerimeter";

/** One event hub. */
export interface IngestionHubArgs {
    /** Event hub name, used as is (the edge dataflow's topic). 1–256 characters. */
    name: string;
    /** Partitions; fixed at creation on Standard. Default: from `telemetry` sizing, else 4. */
    partitionCount?: number;
    /** Retention in days; Standard allows 1–7, Premium 1–90. Default 7 (a week-end of consumer outage). */
    retentionDays?: number;
    /** Consumer groups to create, one per reader (`eventhouse`, `spark`, ...). ≤ 50 characters each. Default none (only `$Default`). */
    consumerGroups?: string[];
    /** Capture this hub when `capture` is set. Default true. */
    capture?: boolean;
}

/** Event Hubs Capture into the archive storage account (Avro), written by the namespace's managed identity. */
export interface CaptureArgs {
    /** ARM id of the destination storage account (e.g. `ArchiveStorage.accountId`). */
    storageAccountId: pulumi.Input<string>;
    /** Destination blob container (e.g. `ArchiveStorage.containerNames.capture`). */
    containerName: pulumi.Input<string>;
    /** Time window, seconds, 60–900. Default 300. */
    intervalSeconds?: number;
    /** Size window, bytes, 10485760–524288000. Default 314572800 (300 MiB). The first window reached wins. */
    sizeLimitBytes?: number;
    /** Skip writing empty files when a window saw no events. Default true. */
    skipEmptyArchives?: boolean;
    /** Blob name format; every token `{Namespace}` ... `{Second}` must appear. Default `{Namespace}/{EventHub}/{PartitionId}/{Year}/{Month}/{Day}/{Hour}/{Minute}/{Second}`. */
    archiveNameFormat?: string;
    /**
     * The principal that enables Capture (the deployer): granted Storage Blob Data Contributor at the
     * destination **account** scope, and every captured hub waits for it. Enabling or updating Capture
     * checks that this principal holds `containers/write` and `containers/blobs/write` at account scope
     * ("Linked access check failed" otherwise,
     * https://learn.microsoft.com/azure/event-hubs/event-hubs-capture-overview#azure-storage-account-as-a-destination).
     * Default: none, i.e. the deployer already holds such a role (granted by the account's owner).
     */
    deployer?: PrincipalRef;
}

/** Adopt an existing namespace instead of creating one. */
export interface ExistingNamespaceArgs {
    /** ARM id of the namespace (`/subscriptions/.../resourceGroups/.../providers/Microsoft.EventHub/namespaces/<name>`). */
    id: string;
    /** Principal id of the namespace's managed identity; required when `capture` is set, to grant it write access to the archive. */
    capturePrincipalId?: pulumi.Input<string>;
}

export interface EventHubsIngestionArgs {
    /** Resource group of a created namespace. Required unless `existingNamespace` is set. */
    resourceGroupName?: pulumi.Input<string>;
    /** Region of a created namespace. Default: the resource group's region. */
    location?: pulumi.Input<string>;
    /** Adopt this namespace (shared platform) instead of creating one; it is referenced, never modified or deleted. Default: create. */
    existingNamespace?: ExistingNamespaceArgs;
    /** Namespace name (globally unique). Default: auto-named from the component name. */
    namespaceName?: string;
    /** Namespace tier (of the adopted namespace when adopting, for limit checks). Default `Standard`. */
    sku?: EventHubsSku;
    /** Telemetry the site sends; sizes capacity, auto-inflate ceiling and partitions. Default: no sizing. */
    telemetry?: TelemetryProfile;
    /** Sizing knobs (headroom, burst factor, minimum partitions); see `SizingOptions`. */
    sizing?: Omit<SizingOptions, "sku">;
    /** Throughput units (Standard, 1–40) or processing units (Premium, 1–16). Default: from sizing, else 1. */
    capacity?: number;
    /** Auto-inflate ceiling in throughput units (Standard only), ≥ capacity; `false` turns auto-inflate off. Default: from sizing (2 × capacity), else off. */
    autoInflateMaximum?: number | false;
    /** Spread the namespace over availability zones. Default true. */
    zoneRedundant?: boolean;
    /** Public network access; a deliberate choice, no default. Required unless adopting. */
    publicNetworkAccess?: PublicNetworkAccess;
    /** Allow SAS keys (local auth). Default false: Entra ID only. */
    allowLocalAuth?: boolean;
    /**
     * With public network access `Disabled`: let trusted Microsoft services through the namespace's
     * firewall (a network rule set with `trustedServiceAccessEnabled`), for an ADX cluster that reads the
     * hubs with its managed identity: it connects from Microsoft's networks, not through a private
     * endpoint in the site's VNet (https://learn.microsoft.com/azure/event-hubs/private-link-service,
     * https://learn.microsoft.com/azure/event-hubs/event-hubs-ip-filtering#trusted-microsoft-services).
     * Default false: private endpoints only.
     */
    trustedServices?: boolean;
    /** DNS suffix of namespace host names (sovereign clouds). Default `servicebus.windows.net`. */
    dnsSuffix?: string;
    /** The event hubs (at least one). */
    hubs: IngestionHubArgs[];
    /** Capture every hub (unless the hub opts out) into the archive. Default: no capture. */
    capture?: CaptureArgs;
    /** Identities that publish (the AIO extension identity): Azure Event Hubs Data Sender on each hub. */
    senders?: PrincipalRef[];
    /** Identities that read (Eventhouse / ADX): Azure Event Hubs Data Receiver on each hub. */
    receivers?: PrincipalRef[];
    /** Tags for created resources. */
    tags?: Record<string, string>;
}

/** The namespace settings a created namespace uses, also what a geo-DR secondary mirrors. */
export interface NamespaceSettings {
    sku: EventHubsSku;
    capacity: number;
    autoInflateMaximum: number | undefined;
    zoneRedundant: boolean;
    publicNetworkAccess: PublicNetworkAccess;
    allowLocalAuth: boolean;
}

export const EVENT_HUBS_DEFAULTS = {
    sku: "Standard",
    partitionCount: 4,
    retentionDays: 7,
    zoneRedundant: true,
    allowLocalAuth: false,
    capture: { intervalSeconds: 300, sizeLimitBytes: 314_572_800, skipEmptyArchives: true, archiveNameFormat: CAPTURE_NAME_TOKENS.join("/") },
} as const;

/** The name Event Hubs requires for a blob-storage capture destination. */
const CAPTURE_DESTINATION = "EventHubArchive.AzureBlockBlob";

/** Arguments of a namespace with edge-fabric's secure settings: TLS 1.2, Entra ID only unless opted out, system identity. */
export function secureNamespaceArgs(settings: NamespaceSettings, resourceGroupName: pulumi.Input<string>, location: pulumi.Input<string> | undefined, namespaceName: string | undefined, tags: Record<string, string> | undefined): NamespaceArgs {
    const inflate = settings.sku === "Standard" && settings.autoInflateMaximum !== undefined;
    return {
        namespaceName,
        resourceGroupName,
        location,
        sku: { name: settings.sku, tier: settings.sku, capacity: settings.capacity },
        isAutoInflateEnabled: inflate,
        maximumThroughputUnits: inflate ? settings.autoInflateMaximum : undefined,
        zoneRedundant: settings.zoneRedundant,
        minimumTlsVersion: "1.2",
        disableLocalAuth: !settings.allowLocalAuth,
        publicNetworkAccess: settings.publicNetworkAccess,
        // The capture agent writes to the archive with this identity (no keys).
        identity: { type: "SystemAssigned" },
        tags,
    };
}

/** Checks capacity and auto-inflate against the tier's limits. Shared with the geo-DR secondary. */
export function checkNamespaceSettings(p: Problems, s: Pick<NamespaceSettings, "sku" | "capacity" | "autoInflateMaximum">, prop = ""): void {
    const limits = EVENT_HUBS_LIMITS[s.sku];
    p.integerIn(s.capacity, `${prop}capacity`, 1, limits.maxUnits, `${s.sku} units per namespace, ${EVENT_HUBS_LIMITS_SOURCE}`);
    if (s.autoInflateMaximum !== undefined) {
        p.require(limits.autoInflate, `${prop}autoInflateMaximum`, `auto-inflate applies to Standard throughput units only, not ${s.sku}; set it to false or leave it unset`);
        p.integerIn(s.autoInflateMaximum, `${prop}autoInflateMaximum`, 1, limits.maxUnits, `${s.sku} units per namespace, ${EVENT_HUBS_LIMITS_SOURCE}`);
        p.require(s.autoInflateMaximum >= s.capacity, `${prop}autoInflateMaximum`, `must be at least capacity (${s.capacity}), got ${s.autoInflateMaximum}`);
    }
}

interface Plan {
    sku: EventHubsSku;
    sizing: EventHubsSizing | undefined;
    settings: NamespaceSettings | undefined;
    hubs: HubPlan[];
}

interface HubPlan {
    name: string;
    partitionCount: number;
    retentionDays: number;
    consumerGroups: string[];
    capture: boolean;
}

/** The args checked (every problem thrown at once as one ValidationError) and what they plan. */
function checkedPlan(name: string, args: EventHubsIngestionArgs): Plan {
    const p = new Problems(`EventHubsIngestion "${name}"`);
    const sku = args.sku ?? EVENT_HUBS_DEFAULTS.sku;
    p.require(sku === "Standard" || sku === "Premium", "sku", `must be "Standard" or "Premium" (Basic has no capture or geo-DR), got "${String(sku)}"`);
    const limits = EVENT_HUBS_LIMITS[sku] ?? EVENT_HUBS_LIMITS.Standard;
    const sizing = args.telemetry ? p.absorb("telemetry", () => sizeEventHubs(args.telemetry as TelemetryProfile, { ...args.sizing, sku })) : undefined;
    const adopting = args.existingNamespace !== undefined;
    let settings: NamespaceSettings | undefined;
    if (adopting) {
        const owned = (["resourceGroupName", "location", "namespaceName", "capacity", "autoInflateMaximum", "zoneRedundant", "publicNetworkAccess", "allowLocalAuth", "trustedServices"] as const).filter((k) => args[k] !== undefined);
        p.require(owned.length === 0, "existingNamespace", `adopts a namespace, so ${owned.join(", ")} belong to its owner and would be ignored; remove them`);
        p.absorb("existingNamespace", () => parseArmId(args.existingNamespace?.id ?? "", "Microsoft.EventHub", "namespaces", "id"));
        p.require(!args.capture || args.existingNamespace?.capturePrincipalId !== undefined, "existingNamespace.capturePrincipalId", "is required with capture, to grant the adopted namespace's identity write access to the archive (az eventhubs namespace show --query identity.principalId)");
    } else {
        p.require(args.resourceGroupName !== undefined, "resourceGroupName", "is required when creating a namespace (or set existingNamespace to adopt one)");
        p.require(args.publicNetworkAccess !== undefined, "publicNetworkAccess", `must be set deliberately: "Disabled" (private endpoints only), "Enabled" or "SecuredByPerimeter"`);
        const autoInflate = args.autoInflateMaximum === false ? undefined : args.autoInflateMaximum ?? sizing?.autoInflateMaximum;
        settings = {
            sku,
            capacity: args.capacity ?? sizing?.capacity ?? 1,
            autoInflateMaximum: autoInflate,
            zoneRedundant: args.zoneRedundant ?? EVENT_HUBS_DEFAULTS.zoneRedundant,
            publicNetworkAccess: args.publicNetworkAccess ?? "Disabled",
            allowLocalAuth: args.allowLocalAuth ?? EVENT_HUBS_DEFAULTS.allowLocalAuth,
        };
        checkNamespaceSettings(p, settings);
    }
    p.require(args.hubs.length > 0, "hubs", "must list at least one event hub");
    const hubLimit = limits.maxEventHubs * (limits.hubsPerUnit ? (settings?.capacity ?? 1) : 1);
    p.require(args.hubs.length <= hubLimit, "hubs", `has ${args.hubs.length} event hubs; ${sku} allows ${hubLimit} per namespace${limits.hubsPerUnit ? " at this capacity" : ""} (${EVENT_HUBS_LIMITS_SOURCE}); share hubs between lines or use Premium`);
    const names = new Set<string>();
    const hubs = args.hubs.map((hub, i): HubPlan => {
        const at = `hubs[${i}]`;
        p.require(/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(hub.name) && hub.name.length <= EVENT_HUB_NAME_MAX, `${at}.name`, `"${hub.name}" must be 1-${EVENT_HUB_NAME_MAX} letters, digits, ".", "_" or "-", starting with a letter or digit`);
        p.require(!names.has(hub.name), `${at}.name`, `"${hub.name}" is listed twice`);
        names.add(hub.name);
        p.integerIn(hub.partitionCount, `${at}.partitionCount`, 1, limits.maxPartitionsPerHub, `${sku} partitions per hub, ${EVENT_HUBS_LIMITS_SOURCE}`);
        p.integerIn(hub.retentionDays, `${at}.retentionDays`, 1, limits.maxRetentionDays, `${sku} retention, ${EVENT_HUBS_LIMITS_SOURCE}`);
        const groups = hub.consumerGroups ?? [];
        p.require(groups.length + 1 <= limits.maxConsumerGroups, `${at}.consumerGroups`, `has ${groups.length} groups; with $Default that exceeds ${sku}'s ${limits.maxConsumerGroups} per hub (${EVENT_HUBS_LIMITS_SOURCE})`);
        groups.forEach((g, j) => {
            p.require(/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(g) && g.length <= CONSUMER_GROUP_NAME_MAX && g !== "$Default", `${at}.consumerGroups[${j}]`, `"${g}" must be 1-${CONSUMER_GROUP_NAME_MAX} letters, digits, ".", "_" or "-" (AMQP limit) and not $Default, which always exists`);
        });
        p.require(new Set(groups).size === groups.length, `${at}.consumerGroups`, "lists a group twice");
        return {
            name: hub.name,
            partitionCount: hub.partitionCount ?? sizing?.partitionCount ?? EVENT_HUBS_DEFAULTS.partitionCount,
            retentionDays: hub.retentionDays ?? Math.min(EVENT_HUBS_DEFAULTS.retentionDays, limits.maxRetentionDays),
            consumerGroups: groups,
            capture: args.capture !== undefined && hub.capture !== false,
        };
    });
    if (limits.maxPartitionsPerUnit !== undefined && settings) {
        const total = hubs.reduce((n, h) => n + h.partitionCount, 0);
        const max = limits.maxPartitionsPerUnit * settings.capacity;
        p.require(total <= max, "hubs", `hold ${total} partitions in all; ${sku} allows ${max} per namespace at ${settings.capacity} units (${EVENT_HUBS_LIMITS_SOURCE}); raise capacity or use fewer partitions`);
    }
    if (args.capture) {
        const c = args.capture;
        p.integerIn(c.intervalSeconds, "capture.intervalSeconds", CAPTURE_INTERVAL_SECONDS.min, CAPTURE_INTERVAL_SECONDS.max, CAPTURE_SOURCE);
        p.integerIn(c.sizeLimitBytes, "capture.sizeLimitBytes", CAPTURE_SIZE_BYTES.min, CAPTURE_SIZE_BYTES.max, CAPTURE_SOURCE);
        const missing = CAPTURE_NAME_TOKENS.filter((t) => c.archiveNameFormat !== undefined && !c.archiveNameFormat.includes(t));
        p.require(missing.length === 0, "capture.archiveNameFormat", `lacks ${missing.join(", ")}; every token is mandatory (${CAPTURE_SOURCE})`);
    }
    checkPrincipals(p, args.senders, "senders");
    checkPrincipals(p, args.receivers, "receivers");
    p.throwIfAny();
    return { sku, sizing, settings, hubs };
}

/**
 * Event Hubs for one site: a namespace (created secure, or adopted by id), its event hubs and consumer
 * groups, Capture into the archive and data-plane role assignments scoped to each hub.
 */
export class EventHubsIngestion extends pulumi.ComponentResource {
    /** ARM id of the namespace. */
    readonly namespaceId: pulumi.Output<string>;
    /** Namespace name. */
    readonly namespaceName: pulumi.Output<string>;
    /** Resource group of the namespace. */
    readonly resourceGroupName: pulumi.Output<string>;
    /** Namespace host name (`<namespace>.servicebus.windows.net`). Point the edge at `DisasterRecovery.aliasHost` instead when there is one. */
    readonly host: pulumi.Output<string>;
    /** ARM id of each event hub, by hub name. */
    readonly eventHubIds: Record<string, pulumi.Output<string>>;
    /** Consumer groups created on each hub, by hub name. */
    readonly consumerGroups: Readonly<Record<string, readonly string[]>>;
    /** The sizing derived from `telemetry`, if given. */
    readonly sizing: EventHubsSizing | undefined;
    /** Settings of a created namespace (what a geo-DR secondary mirrors); undefined when adopted. */
    readonly namespaceSettings: NamespaceSettings | undefined;
    /** Tier of the namespace. */
    readonly sku: EventHubsSku;
    /** ARM id of the capture destination account, when capture is on. */
    readonly captureStorageAccountId: pulumi.Output<string> | undefined;
    /** Senders and receivers granted on the hubs (a geo-DR secondary grants them too). */
    readonly grants: { readonly senders: readonly PrincipalRef[]; readonly receivers: readonly PrincipalRef[] };
    /** DNS suffix used for host names. */
    readonly dnsSuffix: string;

    constructor(name: string, args: EventHubsIngestionArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validated before registering anything, so refused props leave no half-built component.
        const plan = checkedPlan(name, args);
        super("edge-fabric:cloud:EventHubsIngestion", name, {}, opts);
        this.sku = plan.sku;
        this.sizing = plan.sizing;
        this.namespaceSettings = plan.settings;
        this.dnsSuffix = args.dnsSuffix ?? SERVICE_BUS_DNS_SUFFIX;
        this.grants = { senders: args.senders ?? [], receivers: args.receivers ?? [] };
        const roles = new RoleGranter(this);

        let capturePrincipalId: pulumi.Input<string> | undefined;
        if (args.existingNamespace) {
            const ref = parseArmId(args.existingNamespace.id, "Microsoft.EventHub", "namespaces", "existingNamespace.id");
            this.namespaceId = pulumi.output(args.existingNamespace.id);
            this.namespaceName = pulumi.output(ref.name);
            this.resourceGroupName = pulumi.output(ref.resourceGroupName);
            capturePrincipalId = args.existingNamespace.capturePrincipalId;
        } else {
            const settings = plan.settings as NamespaceSettings;
            const ns = new Namespace(`${name}-ns`, secureNamespaceArgs(settings, args.resourceGroupName as pulumi.Input<string>, args.location, args.namespaceName, args.tags), { parent: this });
            this.namespaceId = ns.id;
            this.namespaceName = azureName(ns, args.namespaceName);
            this.resourceGroupName = pulumi.output(args.resourceGroupName as pulumi.Input<string>);
            if (args.trustedServices && settings.publicNetworkAccess === "Disabled") {
                // Public access stays off (the same value as the namespace's, so neither resource undoes the other).
                new NamespaceNetworkRuleSet(
                    `${name}-network`,
                    { namespaceName: this.namespaceName, resourceGroupName: this.resourceGroupName, publicNetworkAccess: "Disabled", defaultAction: "Deny", trustedServiceAccessEnabled: true, ipRules: [], virtualNetworkRules: [] },
                    { parent: this },
                );
            }
            capturePrincipalId = ns.identity.apply((i) => i?.principalId ?? "");
        }
        this.host = this.namespaceName.apply((n) => eventHubsHost(n, this.dnsSuffix));

        // Capture (https://learn.microsoft.com/azure/event-hubs/event-hubs-capture-managed-identity): the namespace identity writes blobs, so it needs Storage Blob Data Contributor on
        // the account before capture is switched on.
        const capture = args.capture;
        const captureWriter =
            capture && capturePrincipalId !== undefined
                ? roles.grant(`${name}-capture-writer`, { name: "capture", principalId: capturePrincipalId }, "storageBlobDataContributor", capture.storageAccountId, "Event Hubs Capture writes Avro files to the archive")
                : undefined;
        const deployerWriter = capture?.deployer ? roles.grant(`${name}-capture-deployer`, capture.deployer, "storageBlobDataContributor", capture.storageAccountId, "the deployer enables Event Hubs Capture (account-scope data-plane write is checked)") : undefined;
        this.captureStorageAccountId = capture ? pulumi.output(capture.storageAccountId) : undefined;

        this.eventHubIds = {};
        const consumerGroups: Record<string, string[]> = {};
        for (const hub of plan.hubs) {
            const eh = new EventHub(
                `${name}-${hub.name}`,
                {
                    eventHubName: hub.name,
                    namespaceName: this.namespaceName,
                    resourceGroupName: this.resourceGroupName,
                    partitionCount: hub.partitionCount,
                    messageRetentionInDays: hub.retentionDays,
                    captureDescription:
                        capture && hub.capture
                            ? {
                                  enabled: true,
                                  encoding: "Avro",
                                  intervalInSeconds: capture.intervalSeconds ?? EVENT_HUBS_DEFAULTS.capture.intervalSeconds,
                                  sizeLimitInBytes: capture.sizeLimitBytes ?? EVENT_HUBS_DEFAULTS.capture.sizeLimitBytes,
                                  skipEmptyArchives: capture.skipEmptyArchives ?? EVENT_HUBS_DEFAULTS.capture.skipEmptyArchives,
                                  destination: {
                                      name: CAPTURE_DESTINATION,
                                      storageAccountResourceId: capture.storageAccountId,
                                      blobContainer: capture.containerName,
                                      archiveNameFormat: capture.archiveNameFormat ?? EVENT_HUBS_DEFAULTS.capture.archiveNameFormat,
                                      identity: { type: "SystemAssigned" },
                                  },
                              }
                            : undefined,
                },
                { parent: this, dependsOn: hub.capture ? [captureWriter, deployerWriter].filter((r) => r !== undefined) : [] },
            );
            this.eventHubIds[hub.name] = eh.id;
            consumerGroups[hub.name] = hub.consumerGroups;
            for (const group of hub.consumerGroups) {
                new ConsumerGroup(`${name}-${hub.name}-${group}`, { consumerGroupName: group, eventHubName: hub.name, namespaceName: this.namespaceName, resourceGroupName: this.resourceGroupName }, { parent: this, dependsOn: [eh] });
            }
            for (const s of this.grants.senders) {
                roles.grant(`${name}-${hub.name}-send-${s.name}`, s, "eventHubsDataSender", eh.id, `${s.name} publishes to ${hub.name}`);
            }
            for (const r of this.grants.receivers) {
                roles.grant(`${name}-${hub.name}-read-${r.name}`, r, "eventHubsDataReceiver", eh.id, `${r.name} reads ${hub.name}`);
            }
        }
        this.consumerGroups = consumerGroups;
        this.registerOutputs({ namespaceId: this.namespaceId, namespaceName: this.namespaceName, host: this.host, eventHubIds: this.eventHubIds });
    }
}
