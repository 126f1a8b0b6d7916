/**
 * The platform program (`platform/Pulumi.yaml`): what every site stack stands on. Reads
 * `edge-fabric-platform:platform`, validates all of it before registering anything, and builds a
 * resource group, the Fabric capacity (created or adopted), the workspace on it with its identity and
 * role assignments, and optionally a shared Event Hubs namespace (geo-DR paired, private endpoints),
 * a shared Eventhouse and a shared ADX cluster. Its outputs
 * are named by the platform contract (`components/platform/contract.ts`) that site configs'
 * `{ stackOutput }` references are checked against.
 */
import * as pulumi from "@pulumi/pulumi";
import * as resources from "@pulumi/azure-native/resources";
import * as eventhub from "@pulumi/azure-native/eventhub";
import { z } from "zod";
import { DisasterRecovery } from "../components/cloud/disaster-recovery";
import { Eventhouse } from "../components/cloud/eventhouse";
import { secureNamespaceArgs, type NamespaceSettings } from "../components/cloud/eventhubs";
import { azureName } from "../components/cloud/names";
import type { PlatformOutputs } from "../components/platform/contract";
import { FabricCapacity, validateFabricCapacityArgs } from "../components/platform/fabric-capacity";
import { PlatformWorkspace, validatePlatformWorkspaceArgs } from "../components/platform/platform-workspace";
import { SharedAdxCluster, validateSharedAdxClusterArgs, type SharedAdxClusterArgs } from "../components/platform/shared-adx-cluster";
import { PrivateNetwork } from "../components/cloud/private-network";
import { FabricManagedPrivateEndpoint } from "../providers/fabric";
import { Problems, ValidationError } from "../components/validation";
import { region, subnetId } from "./config/blocks";
import { unpairedProblem } from "../components/azure-regions";
import { GUID } from "../kusto/text";

/** Project name of the platform program; its config keys are `edge-fabric-platform:<key>`. */
export const PLATFORM_PROJECT = "edge-fabric-platform";
export const PLATFORM_KEY = `${PLATFORM_PROJECT}:platform`;

const grant = z.strictObject({
    name: z.string(),
    principalId: z.string(),
    principalType: z.enum(["User", "Group", "ServicePrincipal", "ServicePrincipalProfile"]).optional(),
    role: z.enum(["Admin", "Member", "Contributor", "Viewer"]),
});

/** An identity that sends to or reads from the sites' hubs, granted on the geo-DR secondary. */
const principal = z.strictObject({
    name: z.string().regex(/^[a-z0-9-]{1,40}$/, "must be 1-40 lowercase letters, digits and hyphens (part of a resource name)"),
    principalId: z.string().regex(GUID, "must be an Entra object id (uuid)"),
});

const ZONE_ID = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/privateDnsZones\/privatelink\.servicebus\.windows\.net$/i;

export const platformSchema = z.strictObject({
    /** 2-12 lowercase letters/digits: part of every name. */
    name: z.string().regex(/^[a-z][a-z0-9]{1,11}$/, "must be 2-12 lowercase letters and digits, starting with a letter"),
    /** Azure region (programmatic name, one Azure lists). */
    location: region(),
    /** Defaults to `rg-edge-fabric-platform-<name>`. */
    resourceGroupName: z.string().optional(),
    tags: z.record(z.string(), z.string()).optional(),
    capacity: z.strictObject({
        id: z.string().optional(),
        name: z.string().optional(),
        sku: z.string().optional(),
        administrators: z.array(z.string()).optional(),
    }),
    workspace: z.strictObject({
        id: z.string().optional(),
        displayName: z.string().optional(),
        description: z.string().optional(),
        identity: z.boolean().optional(),
        roles: z.array(grant).optional(),
    }),
    eventHubs: z
        .strictObject({
            namespaceName: z.string().regex(/^[a-z][a-z0-9-]{4,48}[a-z0-9]$/, "must be 6-50 lowercase letters, digits and hyphens"),
            sku: z.enum(["Standard", "Premium"]).optional(),
            capacity: z.number().int().min(1).max(40).optional(),
            /** A deliberate choice, as for a site's own namespace: no default. */
            publicNetworkAccess: z.enum(["Enabled", "Disabled", "SecuredByPerimeter"]),
            zoneRedundant: z.boolean().optional(),
            /** Private endpoints for the shared namespace (and its geo-DR secondary); required with publicNetworkAccess Disabled. */
            private: z
                .strictObject({
                    subnetId: subnetId(),
                    /** An existing privatelink.servicebus.windows.net zone (central DNS); default: created and linked to the subnet's VNet. */
                    dnsZoneId: z.string().regex(ZONE_ID, "must be the id of a privatelink.servicebus.windows.net private DNS zone").optional(),
                    /** Fabric managed private endpoints from the workspace to the namespaces, for Eventstreams that read the sites' hubs. Default true. */
                    fabricManagedPrivateEndpoints: z.boolean().optional(),
                })
                .optional(),
            geoDr: z
                .strictObject({
                    /** Region of the secondary namespace: `location`'s documented pair unless `allowUnpairedRegion`. */
                    secondaryLocation: region(),
                    /** Pair with a region that is not `location`'s documented pair, deliberately. Defaults to `false`. */
                    allowUnpairedRegion: z.boolean().optional(),
                    alias: z.string().regex(/^[a-z][a-z0-9-]{0,48}[a-z0-9]$/, "must be a DNS label of lowercase letters, digits and hyphens, at most 50 characters"),
                    secondaryNamespaceName: z.string().regex(/^[a-z][a-z0-9-]{4,48}[a-z0-9]$/, "must be 6-50 lowercase letters, digits and hyphens").optional(),
                    senders: z.array(principal).optional(),
                    receivers: z.array(principal).optional(),
                })
                .optional(),
        })
        .optional(),
    eventhouse: z
        .strictObject({
            name: z.string().regex(/^[A-Za-z0-9_.-]{1,256}$/),
            minimumConsumptionUnits: z.number().optional(),
        })
        .optional(),
    /** A shared Azure Data Explorer cluster for the sites on `serving.kind: adx`. */
    adx: z
        .strictObject({
            name: z.string(),
            skuName: z.string().regex(/^(Dev|Standard)_[A-Za-z0-9_]+$/, "must be an ADX SKU name such as Standard_E2ads_v5").optional(),
            capacity: z.number().optional(),
            /** A deliberate choice: no default. */
            publicNetworkAccess: z.enum(["Enabled", "Disabled"]),
            zones: z.array(z.string()).optional(),
            siteDeployers: z.array(principal).optional(),
        })
        .optional(),
    apiBaseUrl: z.string().optional(),
});

export type PlatformConfig = z.output<typeof platformSchema>;

/** The validated config, or a `ValidationError` listing every problem under `edge-fabric-platform:platform`. */
export function parsePlatform(value: unknown): PlatformConfig {
    const parsed = platformSchema.safeParse(value);
    const problems = new Problems(`${PLATFORM_KEY} is invalid`);
    if (!parsed.success) {
        for (const issue of parsed.error.issues) {
            problems.add(issue.path.map((p) => (typeof p === "number" ? `[${p}]` : String(p))).join(".").replace(/\.\[/g, "["), issue.message);
        }
        problems.throwIfAny();
    }
    const config = parsed.data as PlatformConfig;
    problems.addAll(validateFabricCapacityArgs(`cap${config.name}`, capacityArgs(config, "")), "capacity");
    problems.addAll(validatePlatformWorkspaceArgs({ ...workspaceArgs(config), capacityName: "" }).map((p) => ({ ...p, path: p.path.replace(/^workspaceId/, "id") })), "workspace");
    const e = config.eventHubs;
    if (e) {
        // Nothing reaches a namespace without public access but through a private endpoint
        // (https://learn.microsoft.com/azure/event-hubs/private-link-service).
        problems.require(e.publicNetworkAccess !== "Disabled" || e.private !== undefined, "eventHubs.private", "is required when publicNetworkAccess is Disabled: without private endpoints nothing reaches the shared namespace; set { subnetId }, or publicNetworkAccess: Enabled");
        problems.require(e.publicNetworkAccess === "Disabled" || e.private === undefined, "eventHubs.private", `applies only with publicNetworkAccess: Disabled (private endpoints next to a public endpoint protect nothing), got ${e.publicNetworkAccess}`);
    }
    if (config.adx) {
        problems.addAll(validateSharedAdxClusterArgs(adxArgs(config.adx, "")), "adx");
    }
    const dr = config.eventHubs?.geoDr;
    if (dr) {
        // Geo-DR pairs two namespaces in different regions; the alias is a third, new name
        // (https://learn.microsoft.com/azure/event-hubs/event-hubs-geo-dr).
        problems.require(dr.secondaryLocation !== config.location, "eventHubs.geoDr.secondaryLocation", `must be a region other than location "${config.location}", normally its paired region`);
        const unpaired = dr.secondaryLocation === config.location || dr.allowUnpairedRegion ? undefined : unpairedProblem(config.location, dr.secondaryLocation, "eventHubs.geoDr.allowUnpairedRegion");
        problems.require(unpaired === undefined, "eventHubs.geoDr.secondaryLocation", unpaired ?? "");
        const names = [config.eventHubs?.namespaceName, dr.secondaryNamespaceName];
        problems.require(!names.includes(dr.alias), "eventHubs.geoDr.alias", `"${dr.alias}" must differ from both namespace names`);
    }
    problems.throwIfAny();
    return config;
}

function capacityArgs(config: PlatformConfig, resourceGroupName: pulumi.Input<string>) {
    const c = config.capacity;
    return c.id !== undefined
        ? { capacityId: c.id, capacityName: c.name, sku: c.sku, administrators: c.administrators }
        : { capacityName: c.name ?? `fc${config.name}`, resourceGroupName, location: config.location, sku: c.sku, administrators: c.administrators, tags: config.tags };
}

function adxArgs(adx: NonNullable<PlatformConfig["adx"]>, resourceGroupName: pulumi.Input<string>, location?: string, tags?: Record<string, string>): SharedAdxClusterArgs {
    return { ...adx, resourceGroupName, location, tags };
}

function workspaceArgs(config: PlatformConfig) {
    const w = config.workspace;
    return { workspaceId: w.id, displayName: w.displayName, description: w.description, identity: w.identity, roles: w.roles, apiBaseUrl: config.apiBaseUrl };
}

/** Builds the platform; the returned outputs are the stack's, named by the platform contract. */
export function platformProgram(config: PlatformConfig): PlatformOutputs<pulumi.Output<string>> {
    const tags = { ...config.tags, "edge-fabric:platform": config.name };
    const group = new resources.ResourceGroup("platform", { resourceGroupName: config.resourceGroupName ?? `rg-edge-fabric-platform-${config.name}`, location: config.location, tags });
    const capacity = new FabricCapacity(`cap${config.name}`, capacityArgs(config, group.name));
    const workspace = new PlatformWorkspace(`platform-${config.name}`, { ...workspaceArgs(config), capacityName: capacity.capacityName });
    const outputs: PlatformOutputs<pulumi.Output<string>> = {
        fabricCapacityId: capacity.capacityId,
        fabricWorkspaceId: workspace.workspaceId,
        workspaceIdentityPrincipalId: workspace.identityPrincipalId,
    };
    const e = config.eventHubs;
    if (e) {
        // The same secure settings as a site's own namespace: Entra ID only, TLS 1.2, a system identity for Capture.
        const settings: NamespaceSettings = { sku: e.sku ?? "Standard", capacity: e.capacity ?? 1, autoInflateMaximum: undefined, zoneRedundant: e.zoneRedundant ?? true, publicNetworkAccess: e.publicNetworkAccess, allowLocalAuth: false };
        const namespace = new eventhub.Namespace("shared", secureNamespaceArgs(settings, group.name, config.location, e.namespaceName, tags));
        outputs.eventHubsNamespaceId = namespace.id;
        outputs.eventHubsPrincipalId = namespace.identity.apply((i) => i?.principalId ?? "");
        const network = e.private
            ? new PrivateNetwork("shared-private", { resourceGroupName: group.name, location: config.location, subnetId: e.private.subnetId, dnsZoneIds: { namespace: e.private.dnsZoneId }, targets: [{ name: "eventhubs", resourceId: namespace.id, subresource: "namespace" }], tags })
            : undefined;
        const readers: { name: string; id: pulumi.Output<string> }[] = [{ name: "shared", id: namespace.id }];
        if (e.geoDr) {
            // The sites add their hubs to the shared namespace and the alias replicates them; role
            // assignments do not replicate, so the identities that use the hubs are granted on the secondary.
            const dr = new DisasterRecovery("shared-dr", {
                primary: {
                    namespaceName: azureName(namespace, e.namespaceName),
                    resourceGroupName: group.name,
                    eventHubIds: {},
                    consumerGroups: {},
                    namespaceSettings: settings,
                    sku: settings.sku,
                    captureStorageAccountId: undefined,
                    grants: { senders: e.geoDr.senders ?? [], receivers: e.geoDr.receivers ?? [] },
                    dnsSuffix: "servicebus.windows.net",
                },
                primaryLocation: config.location,
                secondaryLocation: e.geoDr.secondaryLocation,
                secondaryNamespaceName: e.geoDr.secondaryNamespaceName,
                alias: e.geoDr.alias,
                privateNetwork: network,
                tags,
            });
            readers.push({ name: "shared-secondary", id: dr.secondaryNamespaceId });
            outputs.eventHubsAliasHost = dr.aliasHost;
            outputs.eventHubsSecondaryNamespaceId = dr.secondaryNamespaceId;
        }
        if (e.private && (e.private.fabricManagedPrivateEndpoints ?? true)) {
            // An Eventstream reads a namespace without public access only through a managed private
            // endpoint of its workspace, created by a workspace admin and Pending until approved on the
            // namespace (https://learn.microsoft.com/fabric/real-time-intelligence/event-streams/set-up-private-endpoint).
            // The secondary gets one too: after a failover the alias resolves to it.
            for (const target of readers) {
                new FabricManagedPrivateEndpoint(
                    `${target.name}-eventstream-mpe`,
                    { workspaceId: workspace.workspaceId, name: `${config.name}-${target.name}-eventhubs`, targetPrivateLinkResourceId: target.id, targetSubresourceType: "namespace", requestMessage: `Eventstreams of the ${config.name} platform read the sites' hubs`, apiBaseUrl: config.apiBaseUrl },
                    { dependsOn: [workspace] },
                );
            }
        }
    }
    if (config.eventhouse) {
        const eventhouse = new Eventhouse(config.eventhouse.name, { workspaceId: workspace.workspaceId, eventhouseName: config.eventhouse.name, minimumConsumptionUnits: config.eventhouse.minimumConsumptionUnits, apiBaseUrl: config.apiBaseUrl }, { dependsOn: [workspace] });
        outputs.eventhouseId = eventhouse.eventhouseId;
        outputs.kqlDatabaseId = eventhouse.databaseId;
        outputs.eventhouseQueryUri = eventhouse.queryServiceUri;
    }
    if (config.adx) {
        const cluster = new SharedAdxCluster("shared-adx", adxArgs(config.adx, group.name, config.location, tags));
        outputs.adxClusterId = cluster.clusterId;
        outputs.adxQueryUri = cluster.queryUri;
        outputs.adxPrincipalId = cluster.principalId;
    }
    return outputs;
}

/** The program as Pulumi runs it: config from the stack, errors as their messages. */
export function runPlatform(): PlatformOutputs<pulumi.Output<string>> {
    const config = new pulumi.Config(PLATFORM_PROJECT);
    try {
        return platformProgram(parsePlatform(config.requireObject("platform")));
    } catch (err) {
        if (err instanceof ValidationError) {
            throw new pulumi.RunError(err.message);
        }
        throw err;
    }
}
