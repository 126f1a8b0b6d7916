/**
 * The platform contract: every output the platform program exports, by name, with the shape of its
 * value. Site stacks read these names with `{ stackOutput: NAME }`; `edge-fabric plan` checks each
 * name a site uses against this list, so a typo or an output the platform does not export fails
 * before anything is deployed, naming both. Pure: no Pulumi, no I/O.
 */
import type { Problem } from "../validation";

/** The shape of an output's value (what an offline plan's placeholder must look like). */
export type PlatformOutputShape = "uuid" | "https-uri" | "hostname" | { armType: string };

/** One output of the platform program. */
export interface PlatformOutputSpec {
    shape: PlatformOutputShape;
    /** What it is and when the platform exports it. */
    description: string;
}

/** Every output the platform program can export. */
export const PLATFORM_OUTPUTS = {
    fabricCapacityId: { shape: { armType: "Microsoft.Fabric/capacities" }, description: "ARM id of the Fabric capacity (created or adopted)" },
    fabricWorkspaceId: { shape: "uuid", description: "the Fabric workspace every site's Fabric items live in" },
    workspaceIdentityPrincipalId: { shape: "uuid", description: "object id of the workspace identity's service principal (when identity is on)" },
    eventHubsNamespaceId: { shape: { armType: "Microsoft.EventHub/namespaces" }, description: "ARM id of the shared Event Hubs namespace (when eventHubs is set)" },
    eventHubsPrincipalId: { shape: "uuid", description: "object id of the shared namespace's managed identity, which Capture writes as (when eventHubs is set)" },
    eventHubsAliasHost: { shape: "hostname", description: "host of the shared namespace's geo-DR alias, what producers and readers connect to (when eventHubs.geoDr is set)" },
    eventHubsSecondaryNamespaceId: { shape: { armType: "Microsoft.EventHub/namespaces" }, description: "ARM id of the geo-DR secondary namespace (when eventHubs.geoDr is set)" },
    eventhouseId: { shape: "uuid", description: "item id of the shared Eventhouse (when eventhouse is set)" },
    kqlDatabaseId: { shape: "uuid", description: "item id of the shared Eventhouse's KQL database (when eventhouse is set)" },
    eventhouseQueryUri: { shape: "https-uri", description: "query URI of the shared Eventhouse (when eventhouse is set)" },
    adxClusterId: { shape: { armType: "Microsoft.Kusto/clusters" }, description: "ARM id of the shared ADX cluster (when adx is set)" },
    adxQueryUri: { shape: "https-uri", description: "query URI of the shared ADX cluster (when adx is set)" },
    adxPrincipalId: { shape: "uuid", description: "object id of the shared ADX cluster's identity, which reads the sites' hubs and writes their archives (when adx is set)" },
} as const satisfies Record<string, PlatformOutputSpec>;

export type PlatformOutputName = keyof typeof PLATFORM_OUTPUTS;

/** The platform program's exports: each a value (or Output) of one contract name. */
export type PlatformOutputs<V> = { [K in PlatformOutputName]?: V };

/** Whether `name` is an output of the platform contract. */
export function isPlatformOutput(name: string): name is PlatformOutputName {
    return Object.prototype.hasOwnProperty.call(PLATFORM_OUTPUTS, name);
}

/** Every `{ stackOutput: NAME }` in `value`, with its path. */
export function stackOutputReferences(value: unknown, path: (string | number)[] = []): { path: (string | number)[]; name: string }[] {
    if (Array.isArray(value)) {
        return value.flatMap((v, i) => stackOutputReferences(v, [...path, i]));
    }
    if (value !== null && typeof value === "object") {
        const ref = (value as { stackOutput?: unknown }).stackOutput;
        if (typeof ref === "string" && Object.keys(value).length === 1) {
            return [{ path, name: ref }];
        }
        return Object.entries(value).flatMap(([k, v]) => stackOutputReferences(v, [...path, k]));
    }
    return [];
}

/**
 * One problem per `{ stackOutput }` in a site config that names no output of the platform program
 * (`exported`: the contract, or the outputs one platform stack actually exports), naming both.
 */
export function checkPlatformReferences(site: unknown, exported: readonly string[] = Object.keys(PLATFORM_OUTPUTS), platform = "the platform program"): Problem[] {
    return stackOutputReferences(site)
        .filter((ref) => !exported.includes(ref.name))
        .map((ref) => ({
            path: ref.path.map((p) => (typeof p === "number" ? `[${p}]` : p)).join(".").replace(/\.\[/g, "["),
            message: `{ stackOutput: ${ref.name} } is not an output of ${platform}; it exports ${exported.join(", ")}`,
        }));
}

/** A placeholder of the right shape for an output, for offline plans (an ARM id, a uuid, an https URI). */
export function platformPlaceholder(name: PlatformOutputName): string {
    const shape: PlatformOutputShape = PLATFORM_OUTPUTS[name].shape;
    const slug = name.toLowerCase().replace(/[^a-z0-9]/g, "").slice(0, 24);
    if (shape === "uuid") {
        return "00000000-0000-0000-0000-00000000000f";
    }
    if (shape === "hostname") {
        return `${slug}.servicebus.windows.net`;
    }
    if (shape === "https-uri") {
        return `https://${slug}.placeholder.kusto.fabric.microsoft.com`;
    }
    return `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/platform-stack-output/providers/${shape.armType}/${slug}`;
}
