/**
 * The site config schema: what one `Pulumi.<site>.yaml` may say, its defaults and its rules.
 *
 * Pure logic (no Pulumi, no I/O) so the program, `edge-fabric plan` and the tests share one
 * validator. Every problem is reported at once, each as `edge-fabric:site.PATH: RULE`; an unknown
 * key is an error with a did-you-mean, because a typo that silently falls back to a default is the
 * kind of mistake that reaches production unnoticed.
 */
import { z } from "zod";
import { closest, distance } from "fastest-levenshtein";
import { planFluxConfiguration } from "../components/edge/gitops-model";
import { validateDashboard } from "../components/serving/dashboard";
import { medallionDashboard } from "../components/serving/medallion-dashboard";
import { alertRuleProblems } from "../components/serving/temperature-alert";
import { Problem, ValidationError } from "../components/validation";
import { servingLayerOn } from "../components/serving/site-layer";

/** The config namespace (the Pulumi project name) and the one structured key it holds. */
export const CONFIG_NAMESPACE = "edge-fabric";
export const SITE_KEY = `${CONFIG_NAMESPACE}:site`;
/** Kubeconfig of the site's Arc cluster, a secret (`pulumi config set --secret kubeconfig`); needed by the cold path's edge volume. */
export const KUBECONFIG_KEY = `${CONFIG_NAMESPACE}:kubeconfig`;

/**
 * The Git credential of GitOps delivery, a secret (`pulumi config set --secret gitopsCredential`):
 * the token of `https` auth, or the SSH private key of `ssh` auth (optional there).
 */
export const GITOPS_CREDENTIAL_KEY = `${CONFIG_NAMESPACE}:gitopsCredential`;

/** Keys of the `edge-fabric:` namespace this program reads; any other is a typo. */
const KNOWN_KEYS = [SITE_KEY, KUBECONFIG_KEY, GITOPS_CREDENTIAL_KEY];

// --- building blocks -------------------------------------------------------------------------

/** An integer in [min, max], with a message that names both bounds and the value given. */
function intBetween(min: number, max: number) {
    return z
        .number({ error: (iss) => `must be an integer between ${min} and ${max}, got ${describe(iss.input)}` })
        .check(z.refine((v) => Number.isInteger(v) && v >= min && v <= max, { error: (iss) => `must be an integer between ${min} and ${max}, got ${describe(iss.input)}` }));
}

/** A string matching `pattern`; `rule` says in words what the pattern means. */
function patterned(pattern: RegExp, rule: string) {
    return z.string({ error: (iss) => `must be a string (${rule}), got ${describe(iss.input)}` }).regex(pattern, { error: (iss) => `${rule}, got ${describe(iss.input)}` });
}

const ARM_ID = /^\/subscriptions\/[0-9a-fA-F-]{36}\/resourceGroups\/[^/]+\/providers\/[A-Za-z]+\.[A-Za-z]+\/[^/]+\/[^/]+(\/[^/]+\/[^/]+)*$/;

/** An Azure resource id of the given provider type, e.g. `Microsoft.EventHub/namespaces`. */
function armId(resourceType: string) {
    const typed = new RegExp(`/providers/${resourceType.replace(".", "\\.").replace("/", "\\/")}/[^/]+$`, "i");
    return z
        .string({ error: (iss) => `must be a ${resourceType} resource id, got ${describe(iss.input)}` })
        .check(
            z.refine((v) => ARM_ID.test(v) && typed.test(v), {
                error: (iss) => `must be a ${resourceType} resource id (/subscriptions/<uuid>/resourceGroups/<rg>/providers/${resourceType}/<name>), got ${describe(iss.input)}`,
            }),
        );
}

const stackOutputRef = () => z.strictObject({ stackOutput: patterned(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be a stack output name") });

/**
 * An id of an existing resource, given literally or as an output of the platform stack
 * (`{ stackOutput: NAME }` reads NAME from `platform.stack` through a `StackReference`).
 */
function existingId(resourceType: string) {
    return z.union([armId(resourceType), stackOutputRef()], {
        error: (iss) => `must be a ${resourceType} resource id or { stackOutput: NAME }, got ${describe(iss.input)}`,
    });
}

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
// AIO resource names (instance, profile, dataflow, endpoint): 3-63, lowercase, digits, inner hyphens.
const AIO_NAME = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;
// Segment of an MQTT topic and of the Event Hubs partition key site/line/asset.
const SEGMENT = /^[a-z0-9][a-z0-9-]{0,30}[a-z0-9]$/;
const REGION = /^[a-z][a-z0-9]+$/;
const REDUNDANCY = ["LRS", "GRS", "RAGRS", "ZRS", "GZRS", "RAGZRS"] as const;
// Only these can move blobs to the archive tier (https://learn.microsoft.com/azure/storage/blobs/access-tiers-overview).
const ARCHIVE_CAPABLE: readonly string[] = ["LRS", "GRS", "RAGRS"];
const GEO_REDUNDANT: readonly string[] = ["GRS", "RAGRS", "GZRS", "RAGZRS"];

/** Event Hubs tier limits (Learn quotas, azure-services.md §3a). */
export const EVENT_HUBS_LIMITS = {
    Standard: { partitions: 32, retentionDays: 7, capacity: 40 },
    Premium: { partitions: 100, retentionDays: 90, capacity: 16 },
} as const;
type EventHubsSku = keyof typeof EVENT_HUBS_LIMITS;

// --- the schema ------------------------------------------------------------------------------

const segment = () => patterned(SEGMENT, "must be 2-32 lowercase letters, digits or inner hyphens");
const uuid = (what: string) => patterned(UUID, `must be ${what} (uuid)`);

const asset = z.union(
    [
        segment(),
        z.strictObject({
            name: segment(),
            /** MQTT topic the asset publishes to. Default `<site>/<line>/<asset>` (its partition key). */
            topic: patterned(/^[^#+\s]+$/, "must be an MQTT topic without wildcards"),
        }),
    ],
    { error: (iss) => `must be an asset name (2-32 lowercase letters, digits or inner hyphens) or { name, topic }, got ${describe(iss.input)}` },
);

const line = z.strictObject({
    /** Line (channel) name: the middle segment of the partition key `site/line/asset`. */
    name: segment(),
    /** Assets on this line: a name (publishing to `<site>/<line>/<asset>`), or `{ name, topic }`. */
    assets: z.array(asset).min(1, { error: "must list at least one asset" }),
});

const identity = z
    .strictObject({
        /** `SystemAssigned` (the AIO Arc extension's identity) or `UserAssigned`. Default `SystemAssigned`. */
        type: z.enum(["SystemAssigned", "UserAssigned"]).default("SystemAssigned"),
        /** Object id of the identity: granted Azure Event Hubs Data Sender. Required. */
        principalId: uuid("the identity's object (principal) id"),
        /** Client id (UserAssigned only, required there). */
        clientId: uuid("a client id").optional(),
        /** Tenant id (UserAssigned only, required there). */
        tenantId: uuid("a tenant id").optional(),
    })
    .superRefine((v, ctx) => {
        for (const key of ["clientId", "tenantId"] as const) {
            if (v.type === "UserAssigned" && v[key] === undefined) {
                ctx.addIssue({ code: "custom", path: [key], message: "is required when type is UserAssigned" });
            }
            if (v.type === "SystemAssigned" && v[key] !== undefined) {
                ctx.addIssue({ code: "custom", path: [key], message: "applies to UserAssigned identities only" });
            }
        }
    });

/** Reports a component model's issues (`repository.auth.knownHosts`, `rules[0].above`) at their config paths. */
function addIssues(ctx: z.core.$RefinementCtx, issues: readonly Problem[]): void {
    for (const issue of issues) {
        ctx.addIssue({ code: "custom", path: splitPath(issue.path), message: issue.message });
    }
}

/** `a.b[2].c` -> `["a", "b", 2, "c"]`. */
export function splitPath(path: string): (string | number)[] {
    return path
        .split(/\.|(?=\[)/)
        .filter((s) => s !== "")
        .map((s) => (/^\[\d+\]$/.test(s) ? Number(s.slice(1, -1)) : s));
}

const seconds = () => z.number({ error: (iss) => `must be a number of seconds, got ${describe(iss.input)}` });

/** How the cluster authenticates to the Git repository; secret material only through `edge-fabric:gitopsCredential`. */
const gitAuth = z.discriminatedUnion(
    "type",
    [
        /** A public HTTPS repository: a deliberate choice. */
        z.strictObject({ type: z.literal("none") }),
        /** A Flux secret that already exists on the cluster (recommended: no credential passes Azure or state). */
        z.strictObject({ type: z.literal("secretRef"), secretRef: z.string() }),
        /** SSH with the host keys the cluster trusts; the private key from `edge-fabric:gitopsCredential`, else generated by the Flux extension. */
        z.strictObject({ type: z.literal("ssh"), knownHosts: z.string() }),
        /** HTTPS basic auth; the token from `edge-fabric:gitopsCredential` (required). */
        z.strictObject({ type: z.literal("https"), username: z.string() }),
    ],
    { error: (iss) => oneOf("type", iss.input, ["none", "secretRef", "ssh", "https"]) },
);

const gitops = z
    .strictObject({
        mode: z.literal("gitops"),
        /** ARM id of the site's Arc-enabled cluster (Microsoft.Kubernetes/connectedClusters). Required. */
        clusterId: z.string(),
        repository: z.strictObject({
            /** `https://…`, `ssh://…` or `git@host:path`. Required. */
            url: z.string(),
            /** Default `main`. */
            branch: z.string().optional(),
            /** Default 600. */
            syncIntervalSec: seconds().optional(),
            /** Default 600. */
            timeoutSec: seconds().optional(),
            auth: gitAuth,
        }),
        /** Folder the cluster reconciles. Default `./clusters/<site>/edge-fabric`. */
        path: z.string().optional(),
        /** Default `edge-fabric`. */
        fluxConfigurationName: z.string().optional(),
        /** Namespace of the Flux objects. Default `cluster-config`. */
        namespace: z.string().optional(),
        kustomization: z.strictObject({ prune: z.boolean().optional(), syncIntervalSec: seconds().optional(), retryIntervalSec: seconds().optional(), timeoutSec: seconds().optional() }).optional(),
        fluxExtension: z.strictObject({ install: z.boolean().optional(), version: z.string().optional(), releaseTrain: z.enum(["Stable", "Preview"]).optional() }).optional(),
    })
    .superRefine((v, ctx) => {
        // The component's own rules (one planFluxConfiguration), with a stand-in for the secret that
        // comes from its own config key and a stand-in site (the folder default is always valid).
        const auth = v.repository.auth.type === "https" ? { ...v.repository.auth, token: "secret" } : v.repository.auth;
        try {
            planFluxConfiguration({ ...v, site: "site", repository: { ...v.repository, auth } });
        } catch (error) {
            if (!(error instanceof ValidationError)) {
                throw error;
            }
            addIssues(ctx, error.problems);
        }
    });

/** Edge volume delivery: `direct` (Pulumi applies the objects through the kubeconfig) or `gitops` (Flux pulls them from a repository). */
const delivery = z.discriminatedUnion("mode", [z.strictObject({ mode: z.literal("direct") }), gitops], { error: (iss) => oneOf("mode", iss.input, ["direct", "gitops"]) });

/** Delivery of the edge volume as the config holds it (no secret). */
export type DeliveryConfig = z.output<typeof delivery>;
/** The `gitops` delivery settings without the site (the component's `GitOpsDelivery` minus secrets). */
export type GitOpsConfig = Extract<DeliveryConfig, { mode: "gitops" }>;

const edge = z.strictObject({
    /** Custom location of the site's Arc-enabled cluster (where AIO runs). Required. */
    customLocationId: armId("Microsoft.ExtendedLocation/customLocations"),
    /** AIO instance name. Default `aio-<site>`. */
    instanceName: patterned(AIO_NAME, "must be 3-63 lowercase letters, digits or inner hyphens (AIO naming rule)").optional(),
    /** Resource group of the AIO instance. Default: the site resource group. */
    resourceGroupName: z.string().min(1).max(90).optional(),
    /** Identity the dataflows authenticate to Event Hubs with. Required. */
    identity,
    /** Lines (channels) and their assets; at least one. */
    lines: z.array(line).min(1, { error: "must list at least one line" }),
    /** Hot path: readings to Event Hubs. */
    hot: z
        .strictObject({
            /** Only these tag names go to the cloud (empty: every tag). Default `[]`. */
            tags: z.array(patterned(/^[A-Za-z0-9_.-]+$/, "must be a tag name (letters, digits, _ . -)")).default([]),
            /** Keep a reading when every filter's expression (over `$1`.. = `inputs`) is true. Default `[]`. */
            filters: z.array(z.strictObject({ inputs: z.array(z.string().min(1)).min(1), expression: z.string().min(1), description: z.string().max(256).optional() })).default([]),
        })
        .default({ tags: [], filters: [] }),
    /** Cold path: every reading to an edge volume that uploads to the archive. */
    cold: z
        .strictObject({
            /** Opt-in: needs `schemaRef`, `acsaPrincipalId` and, with direct delivery, `edge-fabric:kubeconfig`. Default `false`. */
            enabled: z.boolean().default(false),
            /** Edge volume size in GiB. Default 10. */
            volumeSizeGi: intBetween(1, 4096).default(10),
            /** Schema registry reference of the files written, `aio-sr://<namespace>/<schema>:<version>`. Required when enabled. */
            schemaRef: patterned(/^aio-sr:\/\/[^/\s]+\/[^:\s]+:\S+$/, "must be a schema registry reference aio-sr://<namespace>/<schema>:<version>").optional(),
            /** Object id of the ACSA extension identity: granted Storage Blob Data Owner on the archive. Required when enabled. */
            acsaPrincipalId: uuid("the ACSA extension identity's object id").optional(),
            /** How the edge volume reaches the cluster. Default `{ mode: direct }` (needs `edge-fabric:kubeconfig`). */
            delivery: delivery.default({ mode: "direct" }),
        })
        .superRefine((v, ctx) => {
            for (const key of ["schemaRef", "acsaPrincipalId"] as const) {
                if (v.enabled && v[key] === undefined) {
                    ctx.addIssue({ code: "custom", path: [key], message: "is required when cold.enabled is true" });
                }
            }
        })
        .default({ enabled: false, volumeSizeGi: 10, delivery: { mode: "direct" } }),
    /** Dataflow profile instances (1-20). Default 1. */
    dataflowInstances: intBetween(1, 20).default(1),
});

const capture = z.strictObject({
    /** Default `true`. */
    enabled: z.boolean().default(true),
    /** Capture window in seconds (60-900). Default 300. */
    intervalSeconds: intBetween(60, 900).default(300),
    /** Capture window in bytes (10485760-524288000). Default 314572800 (300 MiB). */
    sizeLimitBytes: intBetween(10_485_760, 524_288_000).default(314_572_800),
});

const eventHubs = z
    .strictObject({
        /** Existing (shared) namespace to create the site's hub in. Default: a namespace of the site's own. */
        namespaceId: existingId("Microsoft.EventHub/namespaces").optional(),
        /** Object id of the shared namespace's managed identity (uuid or `{ stackOutput }`): granted write access to the archive for Capture. Required with namespaceId and capture. */
        capturePrincipalId: z.union([patterned(UUID, "must be an object id (uuid)"), stackOutputRef()]).optional(),
        /** Tier: Standard or Premium (Basic has neither Capture nor geo-DR). With a shared namespace, its tier (for the limits). Default Standard. */
        sku: z.enum(["Standard", "Premium"], { error: (iss) => `must be Standard or Premium${iss.input === "Basic" ? " (Basic has neither Capture nor geo-DR)" : ""}, got ${describe(iss.input)}${typeof iss.input === "string" && iss.input !== "Basic" ? didYouMean(iss.input, ["Standard", "Premium"], false) : ""}` }).default("Standard"),
        /** Throughput (Standard) or processing (Premium) units. Default 1. Own namespace only. */
        capacity: z.number().optional(),
        /** Auto-inflate up to this many throughput units (Standard only). Default off. */
        maxThroughputUnits: z.number().optional(),
        /** Name of the site's own namespace (globally unique, 6-50). Default `ef-<site>-<location>`. */
        namespaceName: patterned(/^[a-z][a-z0-9-]{4,48}[a-z0-9]$/, "must be 6-50 lowercase letters, digits or hyphens, starting with a letter").optional(),
        /** Zone-redundant namespace. Default `true`. Own namespace only. */
        zoneRedundant: z.boolean().optional(),
        /** Event hub (Kafka topic) name. Default `telemetry`. */
        hubName: patterned(/^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/, "must be 1-256 letters, digits, '.', '_' or '-'").default("telemetry"),
        /** Partitions (1-32 on Basic/Standard, 1-100 on Premium). Default 4. */
        partitions: z.number().default(4),
        /** Retention in days (1 on Basic, 1-7 Standard, 1-90 Premium). Default 1. */
        retentionDays: z.number().default(1),
        /** Event Hubs Capture into the archive account (Avro). */
        capture: capture.default({ enabled: true, intervalSeconds: 300, sizeLimitBytes: 314_572_800 }),
    })
    .superRefine((v, ctx) => {
        // Runs even when a sibling key failed; a key with the wrong type was already reported.
        const limits = EVENT_HUBS_LIMITS[v.sku] as (typeof EVENT_HUBS_LIMITS)[EventHubsSku] | undefined;
        if (limits === undefined) {
            return;
        }
        const range = (key: "partitions" | "retentionDays" | "capacity" | "maxThroughputUnits", max: number, value: number | undefined) => {
            if (typeof value === "number" && !(Number.isInteger(value) && value >= 1 && value <= max)) {
                ctx.addIssue({ code: "custom", path: [key], message: `must be between 1 and ${max} on ${v.sku}, got ${describe(value)}` });
            }
        };
        range("partitions", limits.partitions, v.partitions);
        range("retentionDays", limits.retentionDays, v.retentionDays);
        range("capacity", limits.capacity, v.capacity);
        range("maxThroughputUnits", limits.capacity, v.maxThroughputUnits);
        if (v.maxThroughputUnits !== undefined && v.sku !== "Standard") {
            ctx.addIssue({ code: "custom", path: ["maxThroughputUnits"], message: `auto-inflate exists on Standard only, sku is ${v.sku}` });
        }
        if (v.maxThroughputUnits !== undefined && v.maxThroughputUnits < (v.capacity ?? 1)) {
            ctx.addIssue({ code: "custom", path: ["maxThroughputUnits"], message: `must be at least capacity (${v.capacity ?? 1}), got ${v.maxThroughputUnits}` });
        }
        if (v.namespaceId !== undefined && v.capture.enabled && v.capturePrincipalId === undefined) {
            ctx.addIssue({ code: "custom", path: ["capturePrincipalId"], message: "is required with eventHubs.namespaceId and capture: the shared namespace's identity writes the capture files" });
        }
        if (v.namespaceId === undefined && v.capturePrincipalId !== undefined) {
            ctx.addIssue({ code: "custom", path: ["capturePrincipalId"], message: "applies to a shared namespace (eventHubs.namespaceId) only; the site's own namespace has its own identity" });
        }
        if (v.namespaceId !== undefined) {
            for (const key of ["capacity", "maxThroughputUnits", "zoneRedundant", "namespaceName"] as const) {
                if (v[key] !== undefined) {
                    ctx.addIssue({ code: "custom", path: [key], message: "not allowed with eventHubs.namespaceId: the shared namespace's owner sets it" });
                }
            }
        }
    });

const queryUri = () =>
    z.union([patterned(/^https:\/\/[A-Za-z0-9.-]+(:\d+)?\/?$/, "must be an https query URI such as https://<cluster>.<region>.kusto.windows.net"), stackOutputRef()], {
        error: (iss) => `must be an https query URI or { stackOutput: NAME }, got ${describe(iss.input)}`,
    });

const eventhouse = z.strictObject({
    kind: z.literal("eventhouse"),
    /** Fabric workspace id (uuid), or `{ stackOutput }`. Required. */
    workspaceId: z.union([patterned(UUID, "must be a Fabric workspace id (uuid)"), z.strictObject({ stackOutput: z.string().min(1) })]),
    /** KQL database item id in a shared Eventhouse (uuid or `{ stackOutput }`): the serving layer's items bind to it. Required with `eventhouseId` when the serving layer is on. */
    databaseId: z.union([patterned(UUID, "must be a Fabric item id (uuid)"), stackOutputRef()]).optional(),
    /** Existing (shared) Eventhouse item id, with `queryUri`; default: an Eventhouse of the site's own. */
    eventhouseId: z.union([patterned(UUID, "must be a Fabric item id (uuid)"), z.strictObject({ stackOutput: z.string().min(1) })]).optional(),
    /** Name of the site's own Eventhouse. Default `ef-<site>`. */
    eventhouseName: patterned(/^[A-Za-z0-9_.-]{1,256}$/, "must be 1-256 letters, digits, '_', '.' or '-'").optional(),
    /** Fabric cloud connection to the site's event hub (uuid): adds an Eventstream Event Hubs -> Bronze. Default: no Eventstream. */
    eventHubConnectionId: patterned(UUID, "must be a Fabric connection id (uuid)").optional(),
    /** KQL database name. Default `telemetry`. */
    databaseName: patterned(/^[A-Za-z0-9_][A-Za-z0-9_ .-]{0,255}$/, "must be a KQL database name").default("telemetry"),
    /** Query URI of an existing Eventhouse holding `databaseName` (uuid-free URL or `{ stackOutput }`): the site applies its medallion schema there. */
    queryUri: queryUri().optional(),
    /** Fabric REST API base URL (sovereign clouds, tests). Default `https://api.fabric.microsoft.com/v1`. */
    apiBaseUrl: z.url({ error: "must be an https URL" }).default("https://api.fabric.microsoft.com/v1"),
});

const adx = z.strictObject({
    kind: z.literal("adx"),
    /** Existing (shared) ADX cluster; default: a cluster of the site's own. */
    clusterId: existingId("Microsoft.Kusto/clusters").optional(),
    /** Cluster SKU. Default `Standard_E2ads_v5`. Own cluster only. */
    skuName: patterned(/^(Dev|Standard)_[A-Za-z0-9_]+$/, "must be an ADX SKU name such as Standard_E2ads_v5").default("Standard_E2ads_v5"),
    /** Instance count (2-1000; Dev SKUs: 1). Default 2. */
    capacity: intBetween(1, 1000).default(2),
    /** KQL database name. Default `telemetry`. */
    databaseName: patterned(/^[A-Za-z0-9_][A-Za-z0-9_ .-]{0,259}$/, "must be a KQL database name").default("telemetry"),
    /** Query URI of an existing cluster holding `databaseName` (or `{ stackOutput }`): the site applies its medallion schema there. */
    queryUri: queryUri().optional(),
});

const eventhouseServing = eventhouse.superRefine((v, ctx) => {
    if ((v.eventhouseId === undefined) !== (v.queryUri === undefined)) {
        ctx.addIssue({ code: "custom", path: [v.eventhouseId === undefined ? "eventhouseId" : "queryUri"], message: "a shared Eventhouse needs both eventhouseId and queryUri" });
    }
    if (v.eventhouseId === undefined && v.databaseId !== undefined) {
        ctx.addIssue({ code: "custom", path: ["databaseId"], message: "names the database of a shared Eventhouse (eventhouseId); the site's own Eventhouse reports its own" });
    }
    if (v.eventhouseId !== undefined && v.eventhouseName !== undefined) {
        ctx.addIssue({ code: "custom", path: ["eventhouseName"], message: "names the site's own Eventhouse; not allowed with a shared one (eventhouseId)" });
    }
});

const adxServing = adx.superRefine((v, ctx) => {
    if ((v.clusterId === undefined) !== (v.queryUri === undefined)) {
        ctx.addIssue({ code: "custom", path: [v.clusterId === undefined ? "clusterId" : "queryUri"], message: "a shared ADX cluster needs both clusterId and queryUri" });
    }
});

const serving = z.discriminatedUnion("kind", [eventhouseServing, adxServing], {
    error: (iss) => {
        const kind = (iss.input as { kind?: unknown } | undefined)?.kind;
        return `must be "eventhouse" or "adx", got ${describe(kind)}${typeof kind === "string" ? didYouMean(kind, ["eventhouse", "adx"], false) : ""}`;
    },
});

const lifecycle = z
    .strictObject({
        /** Days after last modification to move to cool. Default 30. */
        coolAfterDays: intBetween(1, 36500).default(30),
        /** Days to move to cold. Default 90. */
        coldAfterDays: intBetween(1, 36500).default(90),
        /** Days to move to archive; `null` stops at cold (needed on ZRS/GZRS). Default 180. */
        archiveAfterDays: intBetween(1, 36500).nullable().default(180),
        /** Days to delete; `null` keeps blobs forever. Default `null`. */
        deleteAfterDays: intBetween(1, 36500).nullable().default(null),
    })
    .superRefine((v, ctx) => {
        const steps: [string, number | null][] = [
            ["coolAfterDays", v.coolAfterDays],
            ["coldAfterDays", v.coldAfterDays],
            ["archiveAfterDays", v.archiveAfterDays],
            ["deleteAfterDays", v.deleteAfterDays],
        ];
        const set = steps.filter((s): s is [string, number] => s[1] !== null);
        for (let i = 1; i < set.length; i++) {
            if (set[i][1] <= set[i - 1][1]) {
                ctx.addIssue({ code: "custom", path: [set[i][0]], message: `must be greater than ${set[i - 1][0]} (${set[i - 1][1]}), got ${set[i][1]}` });
            }
        }
    });

const containerName = () => patterned(/^(?!.*--)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/, "must be 3-63 lowercase letters, digits or single hyphens");

const archive = z.strictObject({
    /** Existing (shared) storage account; default: an account of the site's own. */
    storageAccountId: existingId("Microsoft.Storage/storageAccounts").optional(),
    /** Name of the site's own account (3-24 lowercase letters and digits, globally unique). Default: auto-named. */
    accountName: patterned(/^[a-z0-9]{3,24}$/, "must be 3-24 lowercase letters and digits").optional(),
    /** Redundancy of the site's own account. Default RAGRS (geo-redundant, readable in the paired region, archive tier allowed). */
    redundancy: z.enum(REDUNDANCY).default("RAGRS"),
    /** Container names by role. Defaults `eh-capture`, `edge-ingest`, `kql-export`; prefixed `<site>-` in a shared account. */
    containers: z
        .strictObject({
            capture: containerName().optional(),
            edgeIngest: containerName().optional(),
            kqlExport: containerName().optional(),
        })
        .default({}),
    /** Lifecycle tiering of every container (days after last modification). */
    lifecycle: lifecycle.default({ coolAfterDays: 30, coldAfterDays: 90, archiveAfterDays: 180, deleteAfterDays: null }),
    /** Continuous export of Silver into the `kqlExport` container (`kql/5-export.kql`). */
    export: z
        .strictObject({
            /** Default `true`. */
            enabled: z.boolean().default(true),
            /** Fabric: the kind of principal running `pulumi up` (the export writes as it; granted on the container). Default `ServicePrincipal` (CI with OIDC). */
            deployerPrincipalType: z.enum(["ServicePrincipal", "User"]).default("ServicePrincipal"),
        })
        .default({ enabled: true, deployerPrincipalType: "ServicePrincipal" }),
});

const dr = z.strictObject({
    /** Default `false`. */
    enabled: z.boolean().default(false),
    /** Paired region for the secondary namespace and standby database. Required when enabled. */
    secondaryLocation: patterned(REGION, "must be an Azure region name such as northeurope").optional(),
    /** Geo-DR alias name: the host the edge connects to. Default `ef-<site>-telemetry`. */
    alias: patterned(/^[a-z0-9][a-z0-9-]{4,48}[a-z0-9]$/, "must be 6-50 lowercase letters, digits or inner hyphens").optional(),
    /**
     * A standby KQL database in `secondaryLocation` with the same schema, fed from the hub through the
     * alias: ADX, a cluster of its own there; Fabric, an Eventhouse in `standby.workspaceId` (a second
     * cluster or capacity: a cost decision). Default `false`.
     */
    standbyDatabase: z.boolean().default(false),
    /** Fabric standby (with `standbyDatabase`): where the standby Eventhouse lives and how it reads the alias. */
    standby: z
        .strictObject({
            /** Existing workspace (uuid or `{ stackOutput }`) on a Fabric capacity in `secondaryLocation`, adopted by id. Required. */
            workspaceId: z.union([patterned(UUID, "must be a Fabric workspace id (uuid)"), stackOutputRef()]),
            /** Fabric cloud connection to the geo-DR alias host `<alias>.servicebus.windows.net` (uuid): the standby Eventstream reads through it. Required. */
            eventHubConnectionId: uuid("a Fabric connection id"),
            /** Name of the standby Eventhouse. Default `ef-<site>-standby`. */
            eventhouseName: patterned(/^[A-Za-z0-9_.-]{1,256}$/, "must be 1-256 letters, digits, '_', '.' or '-'").optional(),
        })
        .optional(),
});

const durationText = (what: string) => z.string({ error: (iss) => `must be ${what} such as "6h" or "30s", got ${describe(iss.input)}` });

/** The site's Real-Time Dashboard (Fabric): the medallion dashboard's options. */
const dashboard = z
    .strictObject({
        /** Default: `true` on a Fabric Eventhouse; an ADX database has no Fabric workspace to hold one. */
        enabled: z.boolean().optional(),
        /** Default `"<site> telemetry"`. */
        title: z.string().optional(),
        /** Tag holding temperature readings. Default `temperature`. */
        temperatureTag: z.string().min(1).optional(),
        /** Tag holding relative humidity. Default `humidity`. */
        humidityTag: z.string().min(1).optional(),
        /** Initial time range, ending now. Default `6h`. */
        timeRange: durationText("a duration").optional(),
        /** Auto-refresh interval (also the shortest a viewer may pick). Default `30s`. */
        autoRefresh: durationText("a duration").optional(),
    })
    .superRefine((v, ctx) => {
        // The rendered spec's own rules, mapped back to the option that set each value.
        const origin: Record<string, string> = { title: "title", "autoRefresh.defaultInterval": "autoRefresh", "autoRefresh.minInterval": "autoRefresh", "parameters[0].default": "timeRange" };
        const seen = new Set<string>();
        for (const issue of validateDashboard(medallionDashboard("site", v))) {
            const option = origin[issue.path] ?? "";
            if (!seen.has(option)) {
                seen.add(option);
                ctx.addIssue({ code: "custom", path: option ? [option] : [], message: issue.message });
            }
        }
    });

/** The batch layer (Fabric): a Lakehouse with a OneLake shortcut per mirrored table. */
const lakehouse = z.strictObject({
    /** Default: `true` on a Fabric Eventhouse. */
    enabled: z.boolean().optional(),
    /** Adopt this Lakehouse (item id, uuid or `{ stackOutput }`) in the serving workspace; never modified. Default: create one. */
    lakehouseId: z.union([patterned(UUID, "must be a Fabric item id (uuid)"), stackOutputRef()]).optional(),
    /** Name of a created Lakehouse. Default `<site>_lakehouse`. */
    displayName: patterned(/^[A-Za-z][A-Za-z0-9_]{0,255}$/, "must be a Lakehouse name: a letter, then letters, digits or underscores").optional(),
});

/** One temperature rule of the Activator (EXPERIMENTAL). */
const alertRule = z.strictObject({
    /** Rule name (Activator, e-mail headline); unique. */
    name: z.string(),
    /** Threshold with its unit: `"-2 °C"`, `"28 °F"` or `{ value, unit }`. */
    above: z.union([z.string(), z.strictObject({ value: z.number(), unit: z.string() })], { error: (iss) => `must be a temperature with its unit such as "-2 °C" or { value, unit }, got ${describe(iss.input)}` }),
    /** How long it must stay above, 5m-24h. */
    for: z.string(),
    /** Recipients (internal or verified-domain e-mail addresses). */
    email: z.array(z.string()).min(1, { error: "must list at least one recipient" }),
    /** Default `temperature`. */
    tag: z.string().optional(),
    /** Default `freezer`. */
    assetContains: z.string().optional(),
    /** Default `5m`. */
    pollEvery: z.string().optional(),
});

/** Activator alerts (Fabric, EXPERIMENTAL, opt-in). */
const alerts = z
    .strictObject({
        /** Default `true` when the block is present. */
        enabled: z.boolean().default(true),
        rules: z.array(alertRule),
    })
    .superRefine((v, ctx) => addIssues(ctx, alertRuleProblems(v.rules, "")));

const network = z.strictObject({
    /**
     * Allow public network access on the site's own namespace and account (tagged so the policy pack
     * sees a deliberate choice). Default `false`: private endpoints only.
     */
    publicNetworkAccess: z.boolean().default(false),
});

const platform = z.strictObject({
    /** Fully qualified stack `org/project/stack` whose outputs `{ stackOutput }` values read. */
    stack: patterned(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, "must be a fully qualified stack name org/project/stack"),
});

export const siteSchema = z
    .strictObject({
        /** Site id: first segment of the partition key, part of every resource name. Required. */
        name: patterned(/^[a-z][a-z0-9]{1,11}$/, "must be 2-12 lowercase letters or digits, starting with a letter (it becomes part of storage account names)"),
        /** Azure region of the site's cloud resources. Required. */
        location: patterned(REGION, "must be an Azure region name such as westeurope"),
        /** Resource group, created by the stack. Default `rg-edge-fabric-<site>`. */
        resourceGroupName: z.string().min(1).max(90).optional(),
        /** Tags on every Azure resource. Default `{}`. */
        tags: z.record(z.string(), z.string()).default({}),
        platform: platform.optional(),
        edge,
        eventHubs: eventHubs.default(() => eventHubs.parse({})),
        serving,
        archive: archive.default(() => archive.parse({})),
        dr: dr.default({ enabled: false, standbyDatabase: false }),
        dashboard: dashboard.optional(),
        lakehouse: lakehouse.optional(),
        alerts: alerts.optional(),
        network: network.default({ publicNetworkAccess: false }),
    })
    .check(
        // Runs even when some section failed (`when`), so one bad section does not hide another's
        // problems; each rule only reads sections that parsed.
        z.superRefine(
            (v, ctx) => {
                // An unknown key leaves its object intact, so it does not count as a failed section.
                const failed = (ctx as unknown as { issues: { code?: string; path?: PropertyKey[] }[] }).issues
                    .filter((i) => i.code !== "unrecognized_keys")
                    .map((i) => (i.path ?? []).map(String).join("."));
                const parsed = (...paths: string[]) => paths.every((p) => !failed.some((f) => f === "" || f === p || f.startsWith(`${p}.`) || p.startsWith(`${f}.`)));
                crossRules(v, (path, message) => ctx.addIssue({ code: "custom", path, message }), parsed);
            },
            { when: () => true },
        ),
    );

/** The validated site, defaults applied. */
export type SiteConfig = z.output<typeof siteSchema>;
/** What a `Pulumi.<site>.yaml` may hold under `edge-fabric:site`. */
export type SiteConfigInput = z.input<typeof siteSchema>;
/** A literal id or a platform stack output. */
export type ExistingId = string | { stackOutput: string };

/** Rules across sections: they run on whatever parsed, so one bad section does not hide another's problems. */
function crossRules(v: SiteConfig, add: (path: (string | number)[], message: string) => void, parsed: (...paths: string[]) => boolean): void {
    if (parsed("archive")) {
        const { redundancy, storageAccountId, lifecycle } = v.archive;
        if (storageAccountId === undefined && lifecycle.archiveAfterDays !== null && !ARCHIVE_CAPABLE.includes(redundancy)) {
            add(["archive", "lifecycle", "archiveAfterDays"], `the archive tier needs LRS, GRS or RAGRS redundancy, archive.redundancy is ${redundancy}; set archiveAfterDays: null or change the redundancy`);
        }
    }
    if (parsed("dr") && v.dr.enabled) {
        if (parsed("location") && v.dr.secondaryLocation === undefined) {
            add(["dr", "secondaryLocation"], "is required when dr.enabled is true");
        } else if (parsed("location") && v.dr.secondaryLocation === v.location) {
            add(["dr", "secondaryLocation"], `must differ from location (${v.location})`);
        }
        if (parsed("archive") && v.archive.storageAccountId === undefined && !GEO_REDUNDANT.includes(v.archive.redundancy)) {
            add(["archive", "redundancy"], `must be geo-redundant (GRS, RAGRS, GZRS or RAGZRS) when dr.enabled is true, got ${v.archive.redundancy}`);
        }
    }
    if (parsed("dr", "serving")) {
        standbyRules(v, add);
    }
    if (parsed("serving", "dashboard", "lakehouse", "alerts")) {
        servingLayerRules(v, add);
    }
    if (parsed("eventHubs", "dr") && v.dr.enabled && v.eventHubs.namespaceId !== undefined) {
        add(["dr", "enabled"], "a shared Event Hubs namespace (eventHubs.namespaceId) gets its geo-DR pairing from the platform stack that owns it; set dr.enabled: false");
    }
    if (parsed("platform", "eventHubs", "archive", "serving", "lakehouse", "dr") && v.platform === undefined) {
        for (const path of stackOutputRefs(v)) {
            add(path, "uses { stackOutput } but platform.stack is not set");
        }
    }
    if (parsed("edge")) {
        const seen = new Map<string, number>();
        v.edge.lines.forEach((l, i) => {
            if (seen.has(l.name)) {
                add(["edge", "lines", i, "name"], `duplicates edge.lines[${seen.get(l.name)}].name "${l.name}"`);
            }
            seen.set(l.name, i);
            const assets = new Set<string>();
            l.assets.map(assetName).forEach((a, j) => {
                if (assets.has(a)) {
                    add(["edge", "lines", i, "assets", j], `duplicate asset "${a}" on line ${l.name}`);
                }
                assets.add(a);
            });
        });
    }
}

function standbyRules(v: SiteConfig, add: (path: (string | number)[], message: string) => void): void {
    const { dr: d, serving: s } = v;
    if (d.standbyDatabase && !d.enabled) {
        add(["dr", "standbyDatabase"], "needs dr.enabled: the standby reads the hub through the geo-DR alias");
    } else if (d.standbyDatabase && s.kind === "adx" && s.clusterId !== undefined) {
        add(["dr", "standbyDatabase"], "needs a cluster of the site's own (serving.clusterId unset): a shared cluster's standby belongs to the platform stack");
    } else if (d.standbyDatabase && s.kind === "eventhouse" && d.standby === undefined) {
        add(["dr", "standby"], "is required with dr.standbyDatabase on a Fabric Eventhouse: { workspaceId: an existing workspace on a capacity in the paired region, eventHubConnectionId: a Fabric connection to the alias }");
    }
    if (d.standby !== undefined && !(d.standbyDatabase && s.kind === "eventhouse")) {
        add(["dr", "standby"], s.kind === "adx" ? 'applies to a Fabric standby; serving.kind is "adx" (its standby is a cluster in dr.secondaryLocation)' : "applies only with dr.standbyDatabase: true");
    }
}

function servingLayerRules(v: SiteConfig, add: (path: (string | number)[], message: string) => void): void {
    const s = v.serving;
    if (s.kind === "adx") {
        const items = { dashboard: "Real-Time Dashboards", lakehouse: "Lakehouses", alerts: "Activator alerts" } as const;
        for (const key of ["dashboard", "lakehouse", "alerts"] as const) {
            if (v[key] !== undefined && v[key].enabled !== false) {
                add([key], `${items[key]} are Fabric items and serving.kind is "adx" (an ADX database has no Fabric workspace); remove the block or serve from a Fabric Eventhouse`);
            }
        }
        return;
    }
    const on = servingLayerOn(v);
    if (s.eventhouseId !== undefined && s.databaseId === undefined && (on.dashboard || on.lakehouse || on.alerts)) {
        add(["serving", "databaseId"], "is required with a shared Eventhouse while the serving layer is on (the dashboard, Lakehouse shortcuts and alerts bind to the KQL database's item id); or set dashboard.enabled and lakehouse.enabled to false");
    }
}

/** The name of an asset given as a name or as `{ name, topic }`. */
export function assetName(a: string | { name: string }): string {
    return typeof a === "string" ? a : a.name;
}

/** Config paths whose value reads a platform stack output. */
function stackOutputRefs(v: SiteConfig): (string | number)[][] {
    const refs: [(string | number)[], unknown][] = [
        [["eventHubs", "namespaceId"], v.eventHubs.namespaceId],
        [["eventHubs", "capturePrincipalId"], v.eventHubs.capturePrincipalId],
        [["archive", "storageAccountId"], v.archive.storageAccountId],
        [["lakehouse", "lakehouseId"], v.lakehouse?.lakehouseId],
        [["dr", "standby", "workspaceId"], v.dr.standby?.workspaceId],
        ...(v.serving.kind === "eventhouse"
            ? ([
                  [["serving", "workspaceId"], v.serving.workspaceId],
                  [["serving", "databaseId"], v.serving.databaseId],
                  [["serving", "eventhouseId"], v.serving.eventhouseId],
                  [["serving", "queryUri"], v.serving.queryUri],
              ] as [(string | number)[], unknown][])
            : ([
                  [["serving", "clusterId"], v.serving.clusterId],
                  [["serving", "queryUri"], v.serving.queryUri],
              ] as [(string | number)[], unknown][])),
    ];
    return refs.filter(([, value]) => typeof value === "object" && value !== null).map(([path]) => path);
}

// --- validation entry points -----------------------------------------------------------------

/** One config problem: where (config key plus path inside it) and which rule. */
export interface ConfigProblem {
    /** `edge-fabric:site` or another `edge-fabric:` key. */
    key: string;
    /** Path inside the key's value, e.g. `["eventHubs", "partitions"]`. */
    path: (string | number)[];
    message: string;
}

/** `edge-fabric:site.eventHubs.partitions: must be ...`. */
export function formatProblem(p: ConfigProblem): string {
    return `${p.key}${p.path.map((s) => (typeof s === "number" ? `[${s}]` : `.${s}`)).join("")}: ${p.message}`;
}

export type ValidationResult = { ok: true; site: SiteConfig } | { ok: false; problems: ConfigProblem[] };

/**
 * Validates a stack's config, keyed as Pulumi keys it (`edge-fabric:site`, `azure-native:location`).
 * Keys of other namespaces belong to providers and are left alone. `fromStackFile`: the config was
 * read from a `Pulumi.<stack>.yaml`, where a secret must be `{ secure: ... }`, never plain text.
 */
export function validateStackConfig(config: Record<string, unknown>, options: { fromStackFile?: boolean } = {}): ValidationResult {
    const problems: ConfigProblem[] = [];
    for (const key of Object.keys(config)) {
        if (key.startsWith(`${CONFIG_NAMESPACE}:`) && !KNOWN_KEYS.includes(key)) {
            problems.push({ key, path: [], message: `unknown config key${didYouMean(key, KNOWN_KEYS)}` });
        }
    }
    if (!(SITE_KEY in config)) {
        problems.push({ key: SITE_KEY, path: [], message: "is required (the site's structured config; see Pulumi.dev.yaml)" });
        return { ok: false, problems };
    }
    const parsed = validateSite(config[SITE_KEY]);
    if (!parsed.ok) {
        problems.push(...parsed.problems);
    }
    const kubeconfig = config[KUBECONFIG_KEY];
    const cold = parsed.ok ? parsed.site.edge.cold : undefined;
    if (cold?.enabled && cold.delivery.mode === "direct" && kubeconfig === undefined) {
        problems.push({ key: KUBECONFIG_KEY, path: [], message: "is required when edge.cold.enabled is true with direct delivery (pulumi config set --secret kubeconfig < kubeconfig.yaml), or deliver by GitOps (edge.cold.delivery.mode: gitops)" });
    }
    const credential = config[GITOPS_CREDENTIAL_KEY];
    const auth = cold?.enabled && cold.delivery.mode === "gitops" ? cold.delivery.repository.auth.type : undefined;
    if (auth === "https" && credential === undefined) {
        problems.push({ key: GITOPS_CREDENTIAL_KEY, path: [], message: "is required with edge.cold.delivery.repository.auth.type https: the token (pulumi config set --secret gitopsCredential)" });
    }
    if (parsed.ok && credential !== undefined && auth !== "https" && auth !== "ssh") {
        problems.push({ key: GITOPS_CREDENTIAL_KEY, path: [], message: "is only read by GitOps delivery with https or ssh auth (edge.cold.delivery.repository.auth); remove it" });
    }
    for (const [key, value, command] of [
        [KUBECONFIG_KEY, kubeconfig, "kubeconfig < kubeconfig.yaml"],
        [GITOPS_CREDENTIAL_KEY, credential, "gitopsCredential"],
    ] as const) {
        if (value !== undefined && !(isSecureValue(value) && (typeof value !== "string" || !options.fromStackFile))) {
            problems.push({ key, path: [], message: `must be a secret: set it with pulumi config set --secret ${command}` });
        }
    }
    return problems.length === 0 && parsed.ok ? parsed : { ok: false, problems };
}

/**
 * How a stack file holds a secret: `{ secure: <ciphertext> }`. The program sees decrypted strings
 * (and asks Pulumi whether the key is secret), so a plain string passes there.
 */
export type SecureValue = { secure: string } | string;

function isSecureValue(value: unknown): value is SecureValue {
    return typeof value === "string" || (value !== null && typeof value === "object" && Object.keys(value).join() === "secure" && typeof (value as { secure: unknown }).secure === "string");
}

/** Validates the value of `edge-fabric:site`. */
export function validateSite(value: unknown): ValidationResult {
    const result = siteSchema.safeParse(value, { reportInput: true });
    if (result.success) {
        return { ok: true, site: result.data };
    }
    const problems = result.error.issues.flatMap((issue) => toProblems(issue, value));
    return { ok: false, problems };
}

/** Validates or throws one Error listing every problem (what the Pulumi program does). */
export function parseSite(value: unknown): SiteConfig {
    const result = validateSite(value);
    if (!result.ok) {
        throw new ConfigError(result.problems);
    }
    return result.site;
}

/** Thrown by the program on invalid config: its message lists every problem, one per line. */
export class ConfigError extends Error {
    constructor(readonly problems: ConfigProblem[]) {
        super(`invalid site config (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${problems.map(formatProblem).join("\n")}`);
        this.name = "ConfigError";
    }
}

function toProblems(issue: z.core.$ZodIssue, root: unknown): ConfigProblem[] {
    const path = issue.path.filter((s): s is string | number => typeof s !== "symbol");
    switch (issue.code) {
        case "unrecognized_keys": {
            const known = knownKeysAt(siteSchema, path, root);
            return issue.keys.map((k) => ({ key: SITE_KEY, path: [...path, k], message: `unknown key${didYouMean(k, known)}` }));
        }
        case "invalid_type":
            return [{ key: SITE_KEY, path, message: issue.input === undefined ? `is required (${issue.expected})` : `must be ${article(issue.expected)}, got ${describe(issue.input)}` }];
        case "invalid_value": {
            if (!issue.message.startsWith("Invalid option")) {
                return [{ key: SITE_KEY, path, message: issue.message }];
            }
            const options = issue.values.map((o) => String(o));
            const hint = typeof issue.input === "string" ? didYouMean(issue.input, options, false) : "";
            return [{ key: SITE_KEY, path, message: `must be one of ${options.join(", ")}, got ${describe(issue.input)}${hint}` }];
        }
        case "too_small":
            return [{ key: SITE_KEY, path, message: issue.message.startsWith("Too small") ? `must have at least ${String(issue.minimum)} ${issue.origin === "string" ? "characters" : "entries"}` : issue.message }];
        case "too_big":
            return [{ key: SITE_KEY, path, message: issue.message.startsWith("Too big") ? `must have at most ${String(issue.maximum)} ${issue.origin === "string" ? "characters" : "entries"}` : issue.message }];
        default:
            return [{ key: SITE_KEY, path, message: issue.message }];
    }
}

type SchemaLike = z.core.$ZodType;

/** The keys an object schema at `path` accepts (for did-you-mean), looking through defaults, unions and arrays. */
function knownKeysAt(schema: SchemaLike, path: (string | number)[], input: unknown): string[] {
    const s = unwrap(schema, input);
    if (path.length === 0) {
        return s instanceof z.ZodObject ? Object.keys(s.shape) : [];
    }
    const [head, ...rest] = path;
    const child = input !== null && typeof input === "object" ? (input as Record<string | number, unknown>)[head] : undefined;
    if (s instanceof z.ZodObject && typeof head === "string" && head in s.shape) {
        return knownKeysAt(s.shape[head] as SchemaLike, rest, child);
    }
    if (s instanceof z.ZodArray && typeof head === "number") {
        return knownKeysAt(s.element, rest, child);
    }
    return [];
}

function unwrap(schema: SchemaLike, input: unknown): SchemaLike {
    let s = schema;
    for (;;) {
        if (s instanceof z.ZodDefault || s instanceof z.ZodOptional || s instanceof z.ZodNullable) {
            s = s.unwrap();
        } else if (s instanceof z.ZodUnion) {
            // A discriminated union: pick the option whose literal tag (`kind`, `mode`, `type`) matches the input; else the first object option.
            const options = s.options as SchemaLike[];
            const given = input !== null && typeof input === "object" ? (input as Record<string, unknown>) : {};
            const match = options.find((o) => o instanceof z.ZodObject && Object.entries(o.shape).some(([k, field]) => field instanceof z.ZodLiteral && field.value === given[k]));
            s = match ?? options.find((o) => o instanceof z.ZodObject) ?? options[0];
            if (!(s instanceof z.ZodUnion)) {
                continue;
            }
            return s;
        } else {
            return s;
        }
    }
}

/** ` (did you mean "x"?)` when a known name is close enough to be the intended one; else the known names, when `listKnown`. */
export function didYouMean(given: string, known: readonly string[], listKnown = true): string {
    if (known.length === 0) {
        return "";
    }
    const best = closest(given, known);
    const limit = Math.max(2, Math.floor(best.length / 3));
    if (distance(given.toLowerCase(), best.toLowerCase()) <= limit) {
        return ` (did you mean "${best}"?)`;
    }
    return listKnown ? ` (known: ${known.join(", ")})` : "";
}

/** `must be one of "a", "b", got "c" (did you mean "a"?)` for a discriminated union's tag `key` (the issue's path ends at it). */
function oneOf(key: string, input: unknown, options: string[]): string {
    const value = input !== null && typeof input === "object" ? (input as Record<string, unknown>)[key] : undefined;
    return `must be one of ${options.map((o) => `"${o}"`).join(", ")}, got ${describe(value)}${typeof value === "string" ? didYouMean(value, options, false) : ""}`;
}

function article(type: string): string {
    return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function describe(value: unknown): string {
    if (typeof value === "string") {
        return JSON.stringify(value);
    }
    if (value === undefined) {
        return "nothing";
    }
    if (Array.isArray(value)) {
        return "a list";
    }
    if (value !== null && typeof value === "object") {
        return "an object";
    }
    return JSON.stringify(value) ?? typeof value;
}
