/**
 * `edge-fabric plan [--stack NAME] [--out DIR]`: the offline plan of one site. Validates
 * `Pulumi.NAME.yaml` (every problem, with file:line:col and config path), runs the site program
 * under Pulumi's mocks, prints the resource tree and a summary, and writes `resources.json`, the
 * rendered KQL schema and the data-path diagram.
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Command } from "commander";
import * as pulumi from "@pulumi/pulumi";
import { defaultLayerObjects } from "../components/cloud/medallion";
import { dataPathHops, describeFailures, hopTable, type Hop, type SiteFacts } from "../components/data-path";
import type { DataPath } from "../components/site-data-path";
import { joinPath, ValidationError } from "../components/validation";
import { checkPlatformReferences, isPlatformOutput, platformPlaceholder, stackOutputReferences } from "../components/platform/contract";
import { CAPACITY_DR_PORTAL_STEP } from "../components/platform/fabric-capacity";
import { PLATFORM_KEY, PLATFORM_PROJECT, parsePlatform, platformProgram } from "../stacks/platform";
import { loadSchema, renderSchema, formatDiagnostic, type SchemaModel } from "../kusto";
import { timespanLiteral } from "../kusto/text";
import { bundledScriptsDir, readScriptsDir } from "../providers/kusto/scripts";
import { SITE_KEY, type SiteConfig } from "../stacks/config";
import { siteProgram } from "../stacks/site";
import { renderDataPath, type ServingView } from "./diagram";
import { CliError } from "./errors";
import type { CommandModule, Io } from "./io";
import { DiskCache } from "./kql-cache";
import { outputFolder, writeOutput } from "./output";
import { copiedNames, type SiblingSite } from "./copied-names";
import { PLATFORM_DIR, listStacks, loadStackFile, platformStack, runtimeConfig, stackSite } from "./stack-file";
import { MOCK_CLIENT_CONFIG, synth, type RecordedResource } from "./synth";

export interface PlanOptions {
    stack: string;
    out: string;
    /** Directory holding Pulumi.yaml and the stack files. Default: the current directory. */
    dir: string;
}

/** One resource as `resources.json` lists it. */
export interface PlannedResource {
    urn: string;
    type: string;
    name: string;
    /** URN of the parent; null at the stack root. */
    parent: string | null;
    inputs: Record<string, unknown>;
    dependencies: string[];
    /** URNs each top-level input's value came from (a role assignment's `scope` -> the event hub). */
    propertyDependencies: Record<string, string[]>;
}

export interface PlanResult {
    resources: PlannedResource[];
    dataPath: DataPath;
    /** Every hop of the data path with its verdict (`access.json`). */
    hops: Hop[];
    files: { resources: string; access: string; kql: string; svg: string; dot: string };
}

/** What secrets become in `resources.json`. */
export const REDACTED = "[secret]";
const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

export const planCommand: CommandModule = (program: Command, io: Io) => {
    program
        .command("plan")
        .description("Offline plan of one site: validate its config, run the program under Pulumi's mocks, print the resource tree, write resources.json, the KQL schema and the data-path diagram.")
        .option("--stack <name>", "stack whose Pulumi.<name>.yaml to plan", "dev")
        .option("--out <dir>", "output directory", "out/plan")
        .option("--dir <dir>", "project directory (holds Pulumi.yaml and the stack files)", ".")
        .action(async (opts: PlanOptions) => {
            await planStack(opts, io);
        });
};

/** Runs the plan; throws `CliError` (exit 1) with messages only for invalid input. */
export async function plan(options: PlanOptions, io: Io): Promise<PlanResult> {
    const dir = resolve(options.dir);
    const out = outputFolder(options.out, "--out");
    const stackFile = loadStackFile(dir, options.stack);
    const site = stackSite(stackFile, io, "planned");
    // A { stackOutput } the platform program does not export would only fail at deploy time.
    const unknown = checkPlatformReferences(site, undefined, `the platform program (platform/, ${PLATFORM_PROJECT})`);
    if (unknown.length > 0) {
        for (const p of unknown) {
            io.err(`${stackFile.file}: ${SITE_KEY}.${p.path}: ${p.message}`);
        }
        throw new CliError(`${unknown.length} platform output reference${unknown.length === 1 ? "" : "s"} in ${stackFile.file} name no output of the platform program; nothing was planned`);
    }
    for (const { path, message } of copiedNames(site, siblingSites(dir, options.stack))) {
        io.err(`${stackFile.locate(SITE_KEY, path)}: warning: ${joinPath(SITE_KEY, ...path)}: ${message}`);
    }
    const { values, secretKeys } = runtimeConfig(stackFile.config);
    pulumi.runtime.setAllConfig(values, secretKeys);

    // Loaded once: the site's serving layer checks its queries against it, and it is the rendered KQL.
    // The same verdict cache as `kql check`: a warm plan does not load Kusto.Language for it.
    const cache = new DiskCache();
    const schema = await loadSchema(readScriptsDir(bundledScriptsDir()), { cache });
    let recorded: { resources: RecordedResource[]; result: DataPath };
    try {
        const platform = platformOutputs(site);
        recorded = await synth(async () => (await siteProgram({ schema: schema.model, queryCache: cache })).site.dataPath, { stack: options.stack, outputs: (type, _name, inputs) => ({ ...armName(type, inputs), ...blobEndpoint(type, inputs), ...customEndpointAddress(type), ...platform(type) }) });
    } catch (error) {
        throw asCliError(error);
    }
    const resources = recorded.resources.map(toPlanned);
    const dataPath = recorded.result;

    const files = { resources: join(out, "resources.json"), access: join(out, "access.json"), kql: join(out, "schema.kql"), svg: join(out, "data-path.svg"), dot: join(out, "data-path.dot") };
    writeOutput(files.resources, `${JSON.stringify(resources, null, 2)}\n`, "--out");
    const hops = dataPathHops({ resources, site: siteFacts(site) });
    writeOutput(files.access, `${JSON.stringify({ stack: options.stack, site: site.name, hops }, null, 2)}\n`, "--out");
    for (const d of schema.diagnostics) {
        io.err(formatDiagnostic(d));
    }
    writeOutput(files.kql, renderSchema(schema.model), "--out");
    const diagram = await renderDataPath(dataPath, hops, servingView(site, schema.model));
    writeOutput(files.svg, diagram.svg, "--out");
    writeOutput(files.dot, diagram.dot, "--out");

    printTree(resources, io);
    io.out("");
    io.out(`Data path: ${hops.length} hops (access.json)`);
    for (const line of hopTable(hops)) {
        io.out(`  ${line}`);
    }
    io.out("");
    io.out(summary(resources, options.stack, site));
    for (const [what, path] of Object.entries(files)) {
        io.out(`  ${what.padEnd(9)} ${path}`);
    }
    const failures = describeFailures(hops);
    if (failures.length > 0) {
        for (const line of failures) {
            io.err(line);
        }
        const failing = hops.filter((h) => h.verdict === "fails").length;
        throw new CliError(`${failing} hop${failing === 1 ? "" : "s"} of the data path of ${stackFile.file} cannot work (see above and ${files.access}); nothing is wrong with the files written, but do not deploy this stack`);
    }
    return { resources, dataPath, hops, files };
}

/** What the platform program's plan produced. */
export interface PlatformPlanResult {
    resources: PlannedResource[];
    /** The contract outputs this platform stack exports. */
    exports: string[];
    files: { resources: string };
}

/** Plans a site stack, or the platform program's stack when its file holds `edge-fabric-platform:platform`. */
export async function planStack(options: PlanOptions, io: Io): Promise<PlanResult | PlatformPlanResult> {
    const { dir, stack } = projectOf(options);
    const stackFile = loadStackFile(dir, stack);
    if (PLATFORM_KEY in stackFile.config) {
        return planPlatform(stackFile.config, stack, options.out, io);
    }
    return plan({ ...options, dir, stack }, io);
}

/**
 * `--stack platform` names the platform program's only stack (`platform/Pulumi.<stack>.yaml`) when
 * the project directory has no `Pulumi.platform.yaml` of its own; with several, `--dir platform
 * --stack <stack>` picks one.
 */
function projectOf(options: PlanOptions): { dir: string; stack: string } {
    const dir = resolve(options.dir);
    if (options.stack === "platform" && !existsSync(join(dir, "Pulumi.platform.yaml"))) {
        const stack = platformStack(dir, undefined, `--dir ${join(options.dir, PLATFORM_DIR)} --stack`);
        if (stack !== undefined) {
            return { dir: join(dir, PLATFORM_DIR), stack };
        }
    }
    return { dir, stack: options.stack };
}

/** The offline plan of the platform program: tree, summary with the capacity's DR portal step, resources.json. */
async function planPlatform(config: Record<string, unknown>, stack: string, outDir: string, io: Io): Promise<PlatformPlanResult> {
    const out = outputFolder(outDir, "--out");
    let recorded: { resources: RecordedResource[]; result: Record<string, unknown> };
    try {
        const platform = parsePlatform(config[PLATFORM_KEY]);
        recorded = await synth(() => platformProgram(platform) as Record<string, unknown>, { project: PLATFORM_PROJECT, stack, outputs: (type, _name, inputs) => armName(type, inputs) });
    } catch (error) {
        throw asCliError(error);
    }
    const resources = recorded.resources.map(toPlanned);
    const files = { resources: join(out, "resources.json") };
    writeOutput(files.resources, `${JSON.stringify(resources, null, 2)}\n`, "--out");
    printTree(resources, io);
    io.out("");
    const exports = Object.keys(recorded.result).filter((k) => recorded.result[k] !== undefined);
    io.out(`platform stack ${stack}: ${resources.length} resources; exports ${exports.join(", ")}`);
    io.out(`  note: ${CAPACITY_DR_PORTAL_STEP}`);
    io.out(`  resources ${files.resources}`);
    return { resources, exports, files };
}

/** The site names the other stack files in `dir` give (a file that does not parse gives none). */
function siblingSites(dir: string, stack: string): SiblingSite[] {
    return listStacks(dir)
        .filter((other) => other !== stack)
        .flatMap((other) => {
            try {
                const name = (loadStackFile(dir, other).config[SITE_KEY] as { name?: unknown } | undefined)?.name;
                return typeof name === "string" && name.length > 0 ? [{ stack: other, site: name }] : [];
            } catch {
                return [];
            }
        });
}

/** Config and component rule violations are user errors: their messages, no stack trace. */
function asCliError(error: unknown): unknown {
    if (error instanceof pulumi.RunError || error instanceof ValidationError) {
        return new CliError(error.message);
    }
    return error;
}

/**
 * Offline, a platform stack cannot be read: every `{ stackOutput }` the site uses gets the contract's
 * placeholder of that output's shape (an id of the right type, a uuid, an https URI). `plan` has
 * refused names outside the contract before this runs.
 */
export function platformOutputs(site: SiteConfig): (type: string) => Record<string, unknown> {
    const outputs = Object.fromEntries(stackOutputReferences(site).flatMap(({ name }) => (isPlatformOutput(name) ? [[name, platformPlaceholder(name)]] : [])));
    return (type) => (type === "pulumi:pulumi:StackReference" ? { outputs } : {});
}

/**
 * The `name` output an Azure resource will have: its explicit name input (`resourceGroupName` for a
 * ResourceGroup, `namespaceName` for a Namespace, ...), so what refers to it shows the real name.
 */
export function armName(type: string, inputs: Record<string, unknown>): Record<string, unknown> {
    if (!type.startsWith("azure-native:")) {
        return {};
    }
    const kind = type.slice(type.lastIndexOf(":") + 1);
    const candidates = [`${kind[0].toLowerCase()}${kind.slice(1)}Name`, "accountName", "containerName", "alias"];
    const key = candidates.find((k) => typeof inputs[k] === "string");
    return key === undefined ? {} : { name: inputs[key] };
}

/**
 * A storage account's blob endpoint in the public cloud, from its name: what the archive export's
 * container URL (and so the rendered export script) is built from, known offline.
 */
export function blobEndpoint(type: string, inputs: Record<string, unknown>): Record<string, unknown> {
    return type === "azure-native:storage:StorageAccount" && typeof inputs.accountName === "string" ? { primaryEndpoints: { blob: `https://${inputs.accountName}.blob.core.windows.net/` } } : {};
}

/**
 * An Eventstream custom endpoint's Kafka address is read from Fabric once the Eventstream exists;
 * offline it is a placeholder of the same shape, so the dataflow endpoint shows where it will point.
 */
export function customEndpointAddress(type: string): Record<string, unknown> {
    return type === "pulumi-nodejs:dynamic/fabric:EventstreamSourceConnection" ? { bootstrapServer: "known-after-deploy.servicebus.windows.net:9093", topic: "es_known-after-deploy" } : {};
}

/**
 * What the config knows and the resources cannot show: who is who. The deployer is whoever the
 * (mocked) client config names, as the stack's own role assignments do.
 */
export function siteFacts(site: SiteConfig): SiteFacts {
    return {
        configPath: SITE_KEY,
        principals: { aio: site.edge.identity.principalId, acsa: site.edge.cold.acsaPrincipalId, deployer: MOCK_CLIENT_CONFIG.objectId },
        preassigned: new Set([
            ...(site.eventHubs.capture.deployerAccess === "preassigned" ? (["captureDeployer"] as const) : []),
            ...(site.serving.kind === "eventhouse" && site.serving.workspaceRolesGrantedBy === "platform" ? (["workspaceWriters"] as const) : []),
        ]),
    };
}

function toPlanned(r: RecordedResource): PlannedResource {
    const inputs = redact(r.inputs) as Record<string, unknown>;
    // A dynamic resource carries its provider's serialized source: kilobytes of code, no plan information.
    if (typeof inputs.__provider === "string") {
        inputs.__provider = `[serialized dynamic provider, ${inputs.__provider.length} characters]`;
    }
    return { urn: r.urn, type: r.type, name: r.name, parent: r.parent ?? null, inputs, dependencies: r.dependencies, propertyDependencies: r.propertyDependencies };
}

/** Replaces every secret (as the mock monitor passes it on) by `[secret]`. */
export function redact(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(redact);
    }
    if (value !== null && typeof value === "object") {
        const obj = value as Record<string, unknown>;
        if (obj[SECRET_SIG_KEY] === SECRET_SIG) {
            return REDACTED;
        }
        return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, redact(v)]));
    }
    return value;
}

function servingView(site: SiteConfig, model: SchemaModel): ServingView {
    const layer = (name: string, objects: { name: string }[]) => ({ name, tables: objects.map((o) => o.name) });
    return {
        kind: site.serving.kind,
        databaseName: site.serving.databaseName,
        layers: [layer("Bronze", defaultLayerObjects.bronze), layer("Silver", defaultLayerObjects.silver), layer("Gold", defaultLayerObjects.gold)],
        // From the scripts as loaded (kql/5-export.kql): what runs, how often, in which format.
        exports: Object.values(model.continuousExports).map((e) => ({
            name: e.name,
            over: e.over,
            every: timespanLiteral(e.intervalBetweenRuns),
            dataFormat: model.externalTables[e.externalTable]?.dataFormat ?? "?",
        })),
    };
}

/** The resources as a tree under their parents, `type name` per line. */
function printTree(resources: PlannedResource[], io: Io): void {
    const children = new Map<string | null, PlannedResource[]>();
    for (const r of resources) {
        const list = children.get(r.parent) ?? [];
        list.push(r);
        children.set(r.parent, list);
    }
    const known = new Set(resources.map((r) => r.urn));
    const roots = resources.filter((r) => r.parent === null || !known.has(r.parent));
    const walk = (r: PlannedResource, prefix: string, last: boolean, depth: number): void => {
        io.out(`${depth === 0 ? "" : `${prefix}${last ? "└─ " : "├─ "}`}${r.type}  ${r.name}`);
        const kids = children.get(r.urn) ?? [];
        kids.forEach((k, i) => walk(k, depth === 0 ? "" : `${prefix}${last ? "   " : "│  "}`, i === kids.length - 1, depth + 1));
    };
    roots.forEach((r) => walk(r, "", true, 0));
}

function summary(resources: PlannedResource[], stack: string, site: SiteConfig): string {
    const byType = new Map<string, number>();
    for (const r of resources) {
        byType.set(r.type, (byType.get(r.type) ?? 0) + 1);
    }
    const components = resources.filter((r) => r.type.startsWith("edge-fabric:")).length;
    const lines = [
        `Plan of stack ${stack} (site ${site.name}, ${site.location}): ${resources.length} resources to create (${components} components, ${resources.length - components} cloud and cluster resources). Offline: nothing was read from or sent to Azure.`,
        ...[...byType.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([type, n]) => `  ${String(n).padStart(3)}  ${type}`),
    ];
    if (site.platform) {
        lines.push(`  Outputs of ${site.platform.stack} are placeholders offline (${SITE_KEY}.platform).`);
    }
    return lines.join("\n");
}
