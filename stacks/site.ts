/**
 * The site program: reads the stack's config, validates all of it (every problem at once, before
 * any resource is registered), resolves the platform stack's outputs a shared-platform site refers
 * to, and builds one `HybridSite`. `stacks/index.ts` runs it under `pulumi up/preview`; the offline
 * `edge-fabric plan` runs it under Pulumi's mocks.
 */
import * as pulumi from "@pulumi/pulumi";
import { HybridSite } from "../components/site";
import type { HybridSiteArgs, SiteEdgeDelivery } from "../components/site-args";
import { joinPath, ValidationError, type Problem } from "../components/validation";
import { loadSchema, type CacheStore, type SchemaModel } from "../kusto";
import { bundledScriptsDir, readScriptsDir } from "../providers/kusto/scripts";
import { CONFIG_NAMESPACE, GITOPS_CREDENTIAL_KEY, INVALID_CONFIG, KUBECONFIG_KEY, parseSite, parseStackConfig, SITE_KEY, type SiteConfig } from "./config";

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
    const missing: Problem[] = [];
    const walk = async (value: unknown, path: (string | number)[]): Promise<unknown> => {
        if (Array.isArray(value)) {
            return Promise.all(value.map((v, i) => walk(v, [...path, i])));
        }
        if (value !== null && typeof value === "object") {
            const ref = (value as { stackOutput?: unknown }).stackOutput;
            if (typeof ref === "string" && Object.keys(value).length === 1) {
                const resolved = await read(ref);
                if (resolved === undefined || resolved === "") {
                    missing.push({ path: joinPath(SITE_KEY, ...path), message: `stack ${site.platform?.stack ?? "(no platform.stack)"} has no output "${ref}"` });
                }
                return resolved ?? "";
            }
            const entries = await Promise.all(Object.entries(value).map(async ([k, v]) => [k, await walk(v, [...path, k])] as const));
            return Object.fromEntries(entries);
        }
        return value;
    };
    const resolved = (await walk(site, [])) as ResolvedSite;
    ValidationError.throwIfAny(INVALID_CONFIG, missing);
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

/** What the program reads besides `edge-fabric:site`: secrets from their own config keys, and the schema model. */
export interface SiteInputs {
    /** Kubeconfig of the Arc cluster (secret; the stack reads `edge-fabric:kubeconfig`). Required when `edge.cold.enabled` with direct delivery. */
    kubeconfig?: pulumi.Input<string>;
    /** The HTTPS token or SSH private key of GitOps delivery (the stack reads `edge-fabric:gitopsCredential`). Required with `https` auth. */
    gitopsCredential?: pulumi.Input<string>;
    /** The schema model the serving layer checks its queries against. Defaults to the bundled `kql/` scripts' model (`loadSiteSchema`). */
    schema?: SchemaModel;
    /** Where the serving layer's query verdicts persist between runs. Defaults to memory only. */
    queryCache?: CacheStore;
}

/** The component args for a resolved site (the compiler checks that the config and the component agree). */
function hybridSiteArgs(site: ResolvedSite, inputs: SiteInputs & { schema: SchemaModel }): HybridSiteArgs {
    const { kubeconfig, schema, queryCache } = inputs;
    return { ...site, edge: { ...site.edge, cold: { ...site.edge.cold, delivery: withCredential(site.edge.cold.delivery, inputs.gitopsCredential) } }, kubeconfig, schema, queryCache, configPath: SITE_KEY };
}

/** The config's delivery (no secret in it) with the Git credential from its secret key. */
function withCredential(delivery: ResolvedSite["edge"]["cold"]["delivery"], credential: pulumi.Input<string> | undefined): SiteEdgeDelivery {
    if (delivery.mode === "direct") {
        return delivery;
    }
    const auth = delivery.repository.auth;
    const withSecret =
        auth.type === "https" ? { ...auth, token: credential ?? "" } : auth.type === "ssh" && credential !== undefined ? { ...auth, privateKey: credential } : auth;
    return { ...delivery, repository: { ...delivery.repository, auth: withSecret } };
}

let bundledSchema: Promise<SchemaModel> | undefined;

/**
 * The schema model of the `kql/` scripts shipped with the package: what `HybridSiteArgs.schema`
 * takes, and what the serving layer checks its queries against. Read once per process.
 */
export function loadSiteSchema(): Promise<SchemaModel> {
    bundledSchema ??= loadSchema(readScriptsDir(bundledScriptsDir())).then((result) => result.model);
    return bundledSchema;
}

/** What `siteFromConfig` reads besides the site config. */
export interface SiteFromConfigOptions extends SiteInputs {
    /**
     * Reads one output of the platform stack (`platform.stack` of the config) for each
     * `{ stackOutput: NAME }` in it. Defaults to a Pulumi `StackReference` to that stack, so inside
     * a Pulumi program nothing needs passing; elsewhere (tests, tools) pass a reader.
     */
    platformOutputs?: StackOutputReader;
}

/**
 * The documented entry point for a program that is not this repository's stack: validates a site
 * config (the value of `edge-fabric:site`, e.g. parsed from YAML), resolves its `{ stackOutput }`
 * references, loads the bundled `kql/` schema unless `options.schema` is given, and returns the
 * args of `new HybridSite(name, args)`. Throws one `ValidationError` listing every problem with its config
 * path (`edge-fabric:site.eventHubs.partitions: …`) before anything is registered.
 */
export async function siteFromConfig(config: unknown, options: SiteFromConfigOptions = {}): Promise<HybridSiteArgs> {
    return argsFromSite(parseSite(config), options);
}

/** A validated site's component args: platform outputs resolved, secrets and the schema added. */
async function argsFromSite(site: SiteConfig, options: SiteFromConfigOptions): Promise<HybridSiteArgs> {
    const resolved = await resolvePlatform(site, options.platformOutputs ?? platformReader(site));
    return hybridSiteArgs(resolved, { ...options, schema: options.schema ?? (await loadSiteSchema()) });
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
export async function siteProgram(options: Pick<SiteInputs, "schema" | "queryCache"> = {}): Promise<{ outputs: SiteOutputs; site: HybridSite }> {
    try {
        return await buildSite(options);
    } catch (error) {
        // Bad input (the config, a platform output, a component rule): its message, naming the config path, no stack trace.
        throw error instanceof ValidationError ? new pulumi.RunError(error.message) : error;
    }
}

async function buildSite(options: Pick<SiteInputs, "schema" | "queryCache">): Promise<{ outputs: SiteOutputs; site: HybridSite }> {
    const config = parseStackConfig(readStackConfig());
    const secrets = new pulumi.Config(CONFIG_NAMESPACE);
    const key = (full: string) => full.slice(CONFIG_NAMESPACE.length + 1);
    const cold = config.edge.cold;
    const kubeconfig = cold.enabled && cold.delivery.mode === "direct" ? secrets.requireSecret(key(KUBECONFIG_KEY)) : undefined;
    const gitopsCredential = cold.enabled && cold.delivery.mode === "gitops" ? secrets.getSecret(key(GITOPS_CREDENTIAL_KEY)) : undefined;
    const args = await argsFromSite(config, { ...options, kubeconfig, gitopsCredential });
    const site = new HybridSite(args.name, args);
    return {
        site,
        outputs: {
            site: args.name,
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
