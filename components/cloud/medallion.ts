/**
 * `MedallionSchema`: the Bronze/Silver/Gold KQL schema of one site's database, converged by a
 * `KqlDatabaseSchema`. The scripts' text travels as a resource input (the provider needs no file
 * access); the site's retention and hot-cache days override the policies the scripts declare.
 */
import * as pulumi from "@pulumi/pulumi";
import { OWNED_DATABASE_POLICIES, type OwnedDatabasePolicy, type SourceFile } from "../../kusto";
import { archiveContainerProblem, siteScripts } from "../../kusto/archive";
import { TARGET_LATENCY_MINUTES } from "../../kusto/mirroring";
import { KqlDatabaseSchema } from "../../providers/kusto/provider";
import { bundledScriptsDir, readScriptsDir } from "../../providers/kusto/scripts";
import { mirroredTables } from "../data-path/hops/lakehouse-shortcut";
import { RoleGranter, type PrincipalRef } from "./roles";
import { type Problem, Problems, ValidationError } from "../validation";

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

/** The continuous export of Silver into the site's blob archive (`kql/5-export.kql`). */
export interface MedallionArchiveExportArgs {
    /** URL of the archive container the export writes to, `https://<account>.blob.core.windows.net/<container>` (`ArchiveStorage.containerUrls.kqlExport`); https, no SAS. Replaces `{archive}` in the scripts. */
    containerUrl: pulumi.Input<string>;
    /** ARM id of that container (`ArchiveStorage.containerIds.kqlExport`): the scope of the writer's role. Required with `writer`. */
    containerId?: pulumi.Input<string>;
    /**
     * The KQL backend. `adx`: storage URIs use the cluster's system identity (`;managed_identity=system`), the
     * export runs as it (`managedIdentity="system"`), and the database's managed identity policy allows it for
     * `ExternalTable` and `AutomatedFlows` (`.alter-merge database DB policy managed_identity`, generated as
     * `archive-identity.kql`; the principal running `pulumi up` needs AllDatabasesAdmin on the cluster). `fabric`: no managed identity exists for this, so the URIs keep
     * `;impersonate` and the export writes as the principal that created it (the one running `pulumi up`).
     */
    backend: "adx" | "fabric";
    /**
     * The identity that writes the blobs, granted Storage Blob Data Contributor on the container: on ADX the cluster's
     * system identity (`AdxDatabase.principalId`), on Fabric the deploying user or service principal (its object id).
     * Default: no role assignment (grant it elsewhere, or the export fails and is disabled by the service after 7 days).
     */
    writer?: PrincipalRef;
}

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
    /**
     * Database policies the database resource owns, which the schema leaves as that resource set them:
     * `AdxDatabase` sets retention and hot cache (`softDeletePeriodDays`, `hotCachePeriodDays`), a Fabric
     * KQL database its data policies (`Eventhouse` `standardStoragePeriodDays`, `cachingPeriodDays`;
     * https://learn.microsoft.com/fabric/real-time-intelligence/data-policies). Defaults to
     * `["retention", "caching"]`; `[]` hands them to the scripts, which then delete what they do not declare.
     */
    databasePoliciesOwnedElsewhere?: OwnedDatabasePolicy[];
    /** Continuous export of Silver into the archive. Default: none, and scripts that use the `{archive}` placeholder (`5-export.kql`) are left out. */
    archiveExport?: MedallionArchiveExportArgs;
    /**
     * `TargetLatencyInMinutes` of every mirroring policy the scripts turn on (OneLake availability): the
     * longest a new row waits before it reaches the table's OneLake copy, in whole minutes from 5 to 180
     * (https://learn.microsoft.com/fabric/real-time-intelligence/event-house-onelake-availability).
     * Shorter means more, smaller Parquet files. Default: the scripts' values (60 in `kql/4-lake.kql`).
     */
    oneLakeLatencyMinutes?: number;
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
        const scripts = [...(args.scripts ?? readScriptsDir(args.scriptsDir ?? bundledScriptsDir()))];
        ValidationError.throwIfAny(`MedallionSchema '${name}'`, validateMedallionSchemaArgs(args, scripts));
        super("edge-fabric:cloud:MedallionSchema", name, {}, opts);
        const mirrored = args.oneLakeLatencyMinutes === undefined ? [] : [...mirroredTables(scripts.map((f) => f.text).join("\n")).keys()];
        const overrides = sitePolicyScript(args.retention ?? {}, { ...defaultLayerObjects, ...args.layers }, { tables: mirrored, minutes: args.oneLakeLatencyMinutes });
        if (overrides) {
            scripts.push({ path: SITE_POLICIES_PATH, text: overrides });
        }
        const dependsOn: pulumi.Resource[] = [];
        const exp = args.archiveExport;
        if (exp?.writer) {
            dependsOn.push(
                new RoleGranter(this).grant(
                    `${name}-archive-writer-${exp.writer.name}`,
                    exp.writer,
                    "storageBlobDataContributor",
                    exp.containerId as pulumi.Input<string>,
                    `${exp.writer.name} writes the continuous export of Silver into the archive`,
                ),
            );
        }
        this.schema = new KqlDatabaseSchema(
            `${name}-schema`,
            {
                clusterUri: args.clusterUri,
                database: args.database,
                scripts: archiveScripts(scripts, exp, args.database, this),
                allowDataLoss: args.allowDataLoss,
                dropOnDelete: args.dropOnDelete,
                // Without this, declarative removal would delete the database's retention and hot cache on every `pulumi up`.
                databasePoliciesOwnedElsewhere: args.databasePoliciesOwnedElsewhere ?? [...OWNED_DATABASE_POLICIES],
            },
            { parent: this, dependsOn },
        );
        this.scriptsHash = this.schema.scriptsHash;
        this.appliedCommands = this.schema.appliedCommands;
        this.registerOutputs({ scriptsHash: this.scriptsHash, appliedCommands: this.appliedCommands });
    }
}

/**
 * The scripts with `{archive}` resolved for the site (on ADX with the database's managed identity
 * policy the export needs), or without the scripts that use it when there is no archive export.
 */
function archiveScripts(scripts: SourceFile[], exp: MedallionArchiveExportArgs | undefined, database: pulumi.Input<string>, resource: pulumi.Resource): pulumi.Input<SourceFile[]> {
    if (!exp) {
        return siteScripts(scripts, undefined).files;
    }
    // Only ADX names the database in a script (its managed identity policy); Fabric's scripts do not wait for the name.
    return pulumi.all([exp.containerUrl, exp.backend === "adx" ? database : undefined]).apply(([url, db]) => {
        const problem = archiveContainerProblem(url);
        if (problem) throw new pulumi.ResourceError(`MedallionSchema: archiveExport.containerUrl ${problem}`, resource);
        return siteScripts(scripts, { containerUrl: url, backend: exp.backend, database: db }).files;
    });
}


/**
 * The KQL that sets the site's retention and caching on each layer's objects and, with `mirroring`,
 * the target latency of the mirrored tables (the same command as the scripts', run after them, so
 * its value wins); empty when nothing is overridden.
 */
export function sitePolicyScript(retention: Partial<Record<MedallionLayer, LayerRetention>>, layers: Partial<Record<MedallionLayer, MedallionObject[]>>, mirroring: { tables: string[]; minutes?: number } = { tables: [] }): string {
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
    for (const table of mirroring.minutes === undefined ? [] : mirroring.tables) {
        commands.push(`.alter-merge table ${table} policy mirroring dataformat=parquet with (IsEnabled=true, TargetLatencyInMinutes=${mirroring.minutes})`);
    }
    return commands.length ? `// Site overrides of the layer scripts' retention, caching and OneLake latency, generated by MedallionSchema.\n\n${commands.join("\n\n")}\n` : "";
}

/** Every problem in the args and scripts (empty when they can be applied), each with its arg path. */
export function validateMedallionSchemaArgs(args: MedallionSchemaArgs, scripts: readonly SourceFile[]): Problem[] {
    const problems = new Problems("MedallionSchema");
    problems.require(scripts.length > 0, "scripts", "must hold at least one .kql file");
    for (const [layer, policy] of Object.entries(args.retention ?? {})) {
        if (!["bronze", "silver", "gold"].includes(layer)) {
            problems.add(`retention.${layer}`, "unknown layer; use bronze, silver or gold");
            continue;
        }
        const days = (key: "retentionDays" | "hotCacheDays", min: number): void => {
            const value = policy?.[key];
            problems.require(value === undefined || (Number.isInteger(value) && value >= min && value <= 36500), `retention.${layer}.${key}`, `must be a whole number of days from ${min} to 36500 (got ${String(value)})`);
        };
        days("retentionDays", 1);
        days("hotCacheDays", 0);
        if (policy?.retentionDays !== undefined && policy.hotCacheDays !== undefined) {
            problems.require(policy.hotCacheDays <= policy.retentionDays, `retention.${layer}.hotCacheDays`, `(${policy.hotCacheDays}) must not exceed retention.${layer}.retentionDays (${policy.retentionDays})`);
        }
    }
    for (const [layer, objects] of Object.entries(args.layers ?? {})) {
        for (const object of objects ?? []) {
            problems.require(
                /^[A-Za-z_][\w]*$/.test(object.name) && ["table", "materialized-view"].includes(object.kind),
                `layers.${layer}`,
                `'${object.kind} ${object.name}' must be a table or materialized-view with a plain identifier name`,
            );
        }
    }
    const latency = args.oneLakeLatencyMinutes;
    problems.require(
        latency === undefined || (Number.isInteger(latency) && latency >= TARGET_LATENCY_MINUTES.min && latency <= TARGET_LATENCY_MINUTES.max),
        "oneLakeLatencyMinutes",
        `must be a whole number of minutes from ${TARGET_LATENCY_MINUTES.min} to ${TARGET_LATENCY_MINUTES.max} (OneLake availability's range), got ${String(latency)}`,
    );
    for (const kind of args.databasePoliciesOwnedElsewhere ?? []) {
        problems.require((OWNED_DATABASE_POLICIES as readonly string[]).includes(kind), "databasePoliciesOwnedElsewhere", `"${String(kind)}" is not one of ${OWNED_DATABASE_POLICIES.join(", ")}`);
    }
    const exp = args.archiveExport;
    if (exp) {
        problems.require(exp.backend === "adx" || exp.backend === "fabric", "archiveExport.backend", `must be "adx" or "fabric", got "${String(exp.backend)}"`);
        const urlProblem = typeof exp.containerUrl === "string" ? archiveContainerProblem(exp.containerUrl) : undefined;
        if (urlProblem) problems.add("archiveExport.containerUrl", urlProblem);
        problems.require(!exp.writer || exp.containerId !== undefined, "archiveExport.containerId", "is required with archiveExport.writer (it is the scope of the Storage Blob Data Contributor role)");
        if (exp.writer) {
            problems.require(/^[a-z0-9][a-z0-9-]{0,39}$/i.test(exp.writer.name), "archiveExport.writer.name", `"${exp.writer.name}" must be 1-40 letters, digits or hyphens (it names the role assignment)`);
        }
    }
    problems.require(!args.dropOnDelete || args.allowDataLoss === true, "dropOnDelete", "drops tables with their data; it requires allowDataLoss: true");
    return [...problems.all];
}
