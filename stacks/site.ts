/**
 * The site program: reads the stack's config, validates all of it (every problem at once, before
 * any resource is registered), resolves the platform stack's outputs a shared-platform site refers
 * to, and builds one `HybridSite`. `stacks/index.ts` runs it under `pulumi up/preview`; the offline
 * `edge-fabric plan` runs it under Pulumi's mocks.
 */
import * as pulumi from "@pulumi/pulumi";
import { HybridSite, type HybridSiteArgs } from "../components/site";
import { CONFIG_NAMESPACE, ConfigError, KUBECONFIG_KEY, SITE_KEY, validateStackConfig, type SiteConfig } from "./config";

/** A site config with every `{ stackOutput }` replaced by the platform stack's value. */
export type ResolvedSite = Resolve<SiteConfig>;
type Resolve<T> = T extends { stackOutput: string } ? string : T extends readonly (infer U)[] ? Resolve<U>[] : T extends object ? { [K in keyof T]: Resolve<T[K]> } : T;

/** Reads one output of the platform stack; undefined when the stack has no such output. */
export type StackOutputReader = (name: string) => Promise<string | undefined>;

/**
 * Replaces every `{ stackOutput: NAME }` in `site` by the platform stack's output NAME. All missing
 * outputs are reported together, each with the config path that asked for it.
 */
export async function resolvePlatform(site: SiteConfig, read: StackOutputReader): Promise<ResolvedSite> {
    const missing: { path: (string | number)[]; message: string }[] = [];
    const walk = async (value: unknown, path: (string | number)[]): Promise<unknown> => {
        if (Array.isArray(value)) {
            return Promise.all(value.map((v, i) => walk(v, [...path, i])));
        }
        if (value !== null && typeof value === "object") {
            const ref = (value as { stackOutput?: unknown }).stackOutput;
            if (typeof ref === "string" && Object.keys(value).length === 1) {
                const resolved = await read(ref);
                if (resolved === undefined || resolved === "") {
                    missing.push({ path, message: `stack ${site.platform?.stack ?? "(no platform.stack)"} has no output "${ref}"` });
                }
                return resolved ?? "";
            }
            const entries = await Promise.all(Object.entries(value).map(async ([k, v]) => [k, await walk(v, [...path, k])] as const));
            return Object.fromEntries(entries);
        }
        return value;
    };
    const resolved = (await walk(site, [])) as ResolvedSite;
    if (missing.length > 0) {
        throw new ConfigError(missing.map((m) => ({ key: SITE_KEY, ...m })));
    }
    return resolved;
}

/** Stack config as Pulumi hands it to the program: `project:key` -> string (objects JSON-encoded). */
export function readStackConfig(raw: Record<string, string> = pulumi.runtime.allConfig()): Record<string, unknown> {
    return Object.fromEntries(
        Object.entries(raw).map(([key, value]) => {
            if (key.startsWith(`${CONFIG_NAMESPACE}:`) && /^\s*[[{]/.test(value)) {
                try {
                    return [key, JSON.parse(value) as unknown];
                } catch {
                    return [key, value];
                }
            }
            return [key, value];
        }),
    );
}

/** The component args for a resolved site (the compiler checks that the config and the component agree). */
export function hybridSiteArgs(site: ResolvedSite, kubeconfig: pulumi.Input<string> | undefined): HybridSiteArgs {
    return { ...site, kubeconfig };
}

/** What the stack exports. */
export interface SiteOutputs {
    site: string;
    resourceGroupName: pulumi.Output<string>;
    eventHubsNamespaceId: pulumi.Output<string>;
    eventHubsHost: pulumi.Output<string>;
    eventHubId: pulumi.Output<string>;
    archiveAccountId: pulumi.Output<string>;
    dataflowNames: pulumi.Output<string[]>;
    queryUri: pulumi.Output<string>;
    databaseName: pulumi.Output<string>;
}

/**
 * The program. Config problems end it with a `RunError` (the CLI prints the messages, no stack
 * trace); nothing has been registered by then.
 */
export async function siteProgram(): Promise<{ outputs: SiteOutputs; site: HybridSite }> {
    const config = readStackConfig();
    const result = validateStackConfig(config);
    if (!result.ok) {
        throw new pulumi.RunError(new ConfigError(result.problems).message);
    }
    let resolved: ResolvedSite;
    try {
        resolved = await resolvePlatform(result.site, platformReader(result.site));
    } catch (error) {
        throw error instanceof ConfigError ? new pulumi.RunError(error.message) : error;
    }
    const kubeconfig = result.site.edge.cold.enabled ? new pulumi.Config(CONFIG_NAMESPACE).requireSecret(KUBECONFIG_KEY.slice(CONFIG_NAMESPACE.length + 1)) : undefined;
    const site = new HybridSite(resolved.name, hybridSiteArgs(resolved, kubeconfig));
    return {
        site,
        outputs: {
            site: resolved.name,
            resourceGroupName: site.resourceGroupName,
            eventHubsNamespaceId: site.eventHubsNamespaceId,
            eventHubsHost: site.eventHubsHost,
            eventHubId: site.eventHubId,
            archiveAccountId: site.archiveAccountId,
            dataflowNames: site.dataflowNames,
            queryUri: site.queryUri,
            databaseName: site.databaseName,
        },
    };
}

function platformReader(site: SiteConfig): StackOutputReader {
    if (site.platform === undefined) {
        return () => Promise.resolve(undefined);
    }
    const ref = new pulumi.StackReference("platform", { name: site.platform.stack });
    return async (name) => {
        const details = await ref.getOutputDetails(name);
        const value: unknown = details.value ?? details.secretValue;
        return typeof value === "string" ? value : undefined;
    };
}
