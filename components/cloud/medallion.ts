/**
 * `MedallionSchema`: the Bronze/Silver/Gold KQL schema of one site's database, converged by a
 * `KqlDatabaseSchema`. The scripts' text travels as a resource input (the provider needs no file
 * access); the site's retention and hot-cache days override the policies the scripts declare.
 */
import * as pulumi from "@pulumi/pulumi";
import type { SourceFile } from "../../kusto";
import { KqlDatabaseSchema } from "../../providers/kusto/provider";
import { bundledScriptsDir, readScriptsDir } from "../../providers/kusto/scripts";

/** Retention and hot cache of one layer, in days. */
export interface LayerRetention {
    /** Soft-delete period in days (1–36500). Default: what the scripts declare (Bronze 7, Silver 365, Gold 3650). */
    retentionDays?: number;
    /** Hot cache in days (0–36500), at most `retentionDays`. Default: what the scripts declare (Bronze 1, Silver 31, Gold 365). */
    hotCacheDays?: number;
}

export type MedallionLayer = "bronze" | "silver" | "gold";

/** A table or materialized view that belongs to a layer. */
export interface MedallionObject {
    kind: "table" | "materialized-view";
    name: string;
}

/** The objects of the shipped `kql/` scripts, per layer. */
export const defaultLayerObjects: Record<MedallionLayer, MedallionObject[]> = {
    bronze: [{ kind: "table", name: "Bronze" }],
    silver: [{ kind: "table", name: "Silver" }],
    gold: [
        { kind: "materialized-view", name: "GoldTagStats5m" },
        { kind: "materialized-view", name: "GoldLatest" },
    ],
};

export interface MedallionSchemaArgs {
    /** Query URI of the Eventhouse or ADX cluster (e.g. the Eventhouse component's `queryUri`); https only. */
    clusterUri: pulumi.Input<string>;
    /** The KQL database the schema is applied to. */
    database: pulumi.Input<string>;
    /** The scripts, as `{ path, text }`. Default: every `.kql` file of `scriptsDir`. */
    scripts?: SourceFile[];
    /** Directory read when `scripts` is not given. Default: the `kql/` directory shipped with edge-fabric. */
    scriptsDir?: string;
    /** Per-layer retention and hot cache for this site, overriding the scripts' policies. Default: the scripts' values. */
    retention?: Partial<Record<MedallionLayer, LayerRetention>>;
    /** Which tables and views make up each layer. Default: `defaultLayerObjects` (the shipped scripts). */
    layers?: Partial<Record<MedallionLayer, MedallionObject[]>>;
    /** Allow commands that lose data (drop table or column, change column type). Default false. */
    allowDataLoss?: boolean;
    /** Drop the schema's objects and their data when the component is deleted (requires `allowDataLoss`). Default false: they stay. */
    dropOnDelete?: boolean;
}

/** Path of the generated script that carries the site's retention overrides; sorts after the layer scripts. */
export const SITE_POLICIES_PATH = "zz-site-policies.kql";

export class MedallionSchema extends pulumi.ComponentResource {
    /** The dynamic resource that applies the schema. */
    readonly schema: KqlDatabaseSchema;
    /** Hash of the scripts applied (layer scripts plus site overrides). */
    readonly scriptsHash: pulumi.Output<string>;
    /** Commands the last deployment ran. */
    readonly appliedCommands: pulumi.Output<string[]>;

    constructor(name: string, args: MedallionSchemaArgs, opts?: pulumi.ComponentResourceOptions) {
        super("edge-fabric:cloud:MedallionSchema", name, {}, opts);
        const scripts = [...(args.scripts ?? readScriptsDir(args.scriptsDir ?? bundledScriptsDir()))];
        validateArgs(name, args, scripts);
        const overrides = sitePolicyScript(args.retention ?? {}, { ...defaultLayerObjects, ...args.layers });
        if (overrides) {
            scripts.push({ path: SITE_POLICIES_PATH, text: overrides });
        }
        this.schema = new KqlDatabaseSchema(
            `${name}-schema`,
            { clusterUri: args.clusterUri, database: args.database, scripts, allowDataLoss: args.allowDataLoss, dropOnDelete: args.dropOnDelete },
            { parent: this },
        );
        this.scriptsHash = this.schema.scriptsHash;
        this.appliedCommands = this.schema.appliedCommands;
        this.registerOutputs({ scriptsHash: this.scriptsHash, appliedCommands: this.appliedCommands });
    }
}

/** The KQL that sets the site's retention and caching on each layer's objects; empty when nothing is overridden. */
export function sitePolicyScript(retention: Partial<Record<MedallionLayer, LayerRetention>>, layers: Partial<Record<MedallionLayer, MedallionObject[]>>): string {
    const commands: string[] = [];
    for (const layer of ["bronze", "silver", "gold"] as const) {
        const policy = retention[layer];
        for (const object of policy ? (layers[layer] ?? []) : []) {
            if (policy?.retentionDays !== undefined) {
                commands.push(`.alter-merge ${object.kind} ${object.name} policy retention softdelete = ${policy.retentionDays}d recoverability = enabled`);
            }
            if (policy?.hotCacheDays !== undefined) {
                commands.push(`.alter ${object.kind} ${object.name} policy caching hot = ${policy.hotCacheDays}d`);
            }
        }
    }
    return commands.length ? `// Site overrides of the layer scripts' retention and caching, generated by MedallionSchema.\n\n${commands.join("\n\n")}\n` : "";
}

function validateArgs(name: string, args: MedallionSchemaArgs, scripts: SourceFile[]): void {
    const problems: string[] = [];
    if (scripts.length === 0) {
        problems.push("scripts must hold at least one .kql file");
    }
    for (const [layer, policy] of Object.entries(args.retention ?? {})) {
        if (!["bronze", "silver", "gold"].includes(layer)) {
            problems.push(`retention.${layer}: unknown layer; use bronze, silver or gold`);
            continue;
        }
        const days = (key: "retentionDays" | "hotCacheDays", min: number): void => {
            const value = policy?.[key];
            if (value !== undefined && (!Number.isInteger(value) || value < min || value > 36500)) {
                problems.push(`retention.${layer}.${key} must be a whole number of days from ${min} to 36500 (got ${String(value)})`);
            }
        };
        days("retentionDays", 1);
        days("hotCacheDays", 0);
        if (policy?.retentionDays !== undefined && policy.hotCacheDays !== undefined && policy.hotCacheDays > policy.retentionDays) {
            problems.push(`retention.${layer}.hotCacheDays (${policy.hotCacheDays}) must not exceed retention.${layer}.retentionDays (${policy.retentionDays})`);
        }
    }
    for (const [layer, objects] of Object.entries(args.layers ?? {})) {
        for (const object of objects ?? []) {
            if (!/^[A-Za-z_][\w]*$/.test(object.name) || !["table", "materialized-view"].includes(object.kind)) {
                problems.push(`layers.${layer}: '${object.kind} ${object.name}' must be a table or materialized-view with a plain identifier name`);
            }
        }
    }
    if (args.dropOnDelete && !args.allowDataLoss) {
        problems.push("dropOnDelete drops tables with their data; it requires allowDataLoss: true");
    }
    if (problems.length > 0) {
        throw new Error(`MedallionSchema '${name}': invalid arguments:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    }
}
