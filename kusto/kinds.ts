/**
 * Every kind of command the engine emits, with the phase it runs in and whether it can lose data.
 * One exhaustive record: a kind missing here, or a command built with a kind not listed, does not
 * compile. This module imports nothing, so every part of the engine can build commands from it.
 *
 * Data-loss classes:
 * - `never`: the command changes a definition only; no row is deleted and no ingestion stops.
 * - `always`: running the command deletes rows, or stops data from arriving where it went before.
 * - `when`: it depends on the values (a shorter soft-delete period purges, a longer one does not);
 *   the builder decides per command and says why.
 * Commands that can lose data are refused unless the caller allows it (`--allow-data-loss`,
 * `allowDataLoss` on the KqlDatabaseSchema resource).
 */

export type DataLossClass = "never" | "always" | "when";

export interface KindInfo {
    /** Where the command runs in a script: lower first. Drops come before creates, policies after what they name. */
    phase: number;
    loss: DataLossClass;
    /** For `always` and `when`: what is lost, for the refusal and the docs; for `never`, why nothing is. */
    why: string;
}

/**
 * The policies that are one plain value (a JSON object, a flag, or row-level security's switch and
 * query), keyed by the name the commands spell (`.alter table T policy auto_delete ...`).
 */
export const PLAIN_POLICIES = [
    "auto_delete",
    "ingestionbatching",
    "ingestiontime",
    "merge",
    "partitioning",
    "row_level_security",
    "restricted_view_access",
    "sharding",
    "streamingingestion",
] as const;

export type PlainPolicy = (typeof PLAIN_POLICIES)[number];

export const isPlainPolicy = (name: string): name is PlainPolicy => (PLAIN_POLICIES as readonly string[]).includes(name);

/** What a policy command names. */
export type EntityKindName = "table" | "materialized-view" | "database";

export type CommandKind =
    | `alter-${PlainPolicy}-policy`
    | `delete-${PlainPolicy}-policy`
    | "drop-continuous-export"
    | "delete-update-policy"
    | "drop-materialized-view"
    | "drop-function"
    | "drop-mapping"
    | "drop-table"
    | "drop-external-table"
    | "drop-columns"
    | "delete-mirroring-policy"
    | "disable-mirroring-policy"
    | "alter-column-type"
    | "create-table"
    | "add-columns"
    | "reorder-columns"
    | "alter-table-folder"
    | "alter-table-docstring"
    | "alter-column-docstrings"
    | "create-mapping"
    | "create-function"
    | "create-materialized-view"
    | "alter-materialized-view"
    | "alter-materialized-view-folder"
    | "alter-materialized-view-docstring"
    | "alter-retention-policy"
    | "delete-retention-policy"
    | "alter-caching-policy"
    | "delete-caching-policy"
    | "alter-managed-identity-policy"
    | "alter-mirroring-policy"
    | "alter-update-policy"
    | "create-external-table"
    | "alter-external-table"
    | "create-continuous-export"
    | "alter-continuous-export";

/**
 * The table. Sources of the data-loss facts (Learn):
 * drop-table-command, drop-column, alter-column ("any preexisting data in that column will return a
 * null value ... cannot be recovered"), retention-policy ("the new value applies to both existing and
 * new data"; a table without its own policy falls back to the database's), update-policy,
 * drop-ingestion-mapping-command, mirroring-policy, continuous-export-overview
 * (https://learn.microsoft.com/kusto/management/<page>).
 */
export const COMMAND_KINDS: Record<CommandKind, KindInfo> = {
    "drop-continuous-export": { phase: 9, loss: "always", why: "records ingested after its last run are never exported, and a re-created export starts from its creation without backfilling them" },
    "delete-update-policy": { phase: 10, loss: "always", why: "the target table stops receiving rows from its source table: rows ingested meanwhile never reach it" },
    "drop-materialized-view": { phase: 11, loss: "always", why: "the view's materialized rows are deleted" },
    "drop-function": { phase: 12, loss: "never", why: "a function holds no data" },
    "drop-mapping": { phase: 13, loss: "always", why: "ingestion that names the mapping fails, so data sent with it is rejected" },
    "drop-table": { phase: 14, loss: "always", why: "the table's rows are deleted" },
    "drop-external-table": { phase: 14, loss: "always", why: "exports into it and queries over the archive through it stop (the blobs themselves stay in the storage account)" },
    "drop-columns": { phase: 15, loss: "always", why: "the columns' data is deleted" },
    "delete-mirroring-policy": { phase: 16, loss: "always", why: "it permanently deletes the table's delta table in OneLake" },
    "disable-mirroring-policy": { phase: 19, loss: "never", why: "mirroring is enabled again, with a backfill, later in the same script" },
    "alter-column-type": { phase: 20, loss: "always", why: "the column's existing data reads as null from then on and cannot be recovered" },
    "create-table": { phase: 21, loss: "never", why: "a new table" },
    "add-columns": { phase: 22, loss: "never", why: "existing rows read the new columns as null" },
    "reorder-columns": { phase: 23, loss: "never", why: "the same columns in another order" },
    "alter-table-folder": { phase: 24, loss: "never", why: "metadata only" },
    "alter-table-docstring": { phase: 24, loss: "never", why: "metadata only" },
    "alter-column-docstrings": { phase: 24, loss: "never", why: "metadata only" },
    "create-mapping": { phase: 30, loss: "never", why: "ingestion with the mapping maps as the new definition says" },
    "create-function": { phase: 40, loss: "never", why: "a function holds no data" },
    "create-materialized-view": { phase: 50, loss: "never", why: "a new view" },
    "alter-materialized-view": { phase: 51, loss: "when", why: "columns the new query no longer returns are dropped from the view with their data" },
    "alter-materialized-view-folder": { phase: 52, loss: "never", why: "metadata only" },
    "alter-materialized-view-docstring": { phase: 52, loss: "never", why: "metadata only" },
    "alter-retention-policy": { phase: 60, loss: "when", why: "a shorter soft-delete period applies to existing data too (older rows are purged); disabling recoverability makes purged rows unrecoverable" },
    "delete-retention-policy": { phase: 60, loss: "always", why: "the entity falls back to the database's (or the default) retention, which may be shorter and then purges rows" },
    "alter-caching-policy": { phase: 61, loss: "never", why: "caching decides what is on hot storage, not what is kept" },
    "delete-caching-policy": { phase: 61, loss: "never", why: "caching decides what is on hot storage, not what is kept" },
    "alter-managed-identity-policy": { phase: 62, loss: "never", why: "it only adds identities and usages" },
    "alter-mirroring-policy": { phase: 65, loss: "when", why: "disabling it stops the OneLake copy from receiving new rows" },
    "alter-update-policy": { phase: 70, loss: "when", why: "an entry removed or disabled stops rows flowing from its source table into the target" },
    "create-external-table": { phase: 80, loss: "never", why: "a new definition over the storage account" },
    "alter-external-table": { phase: 80, loss: "never", why: "blobs already written keep their place" },
    "create-continuous-export": { phase: 85, loss: "never", why: "it exports what is ingested from its creation on" },
    "alter-continuous-export": { phase: 85, loss: "when", why: "disabling the export stops the archive from receiving new rows" },
    // The plain policies (https://learn.microsoft.com/kusto/management/<kind>-policy and its alter/delete command pages).
    "alter-auto_delete-policy": { phase: 63, loss: "always", why: "the table is dropped at ExpiryDate (with its rows when DeleteIfNotEmpty is true), and ingestion into it fails from then on" },
    "delete-auto_delete-policy": { phase: 63, loss: "never", why: "the table is no longer dropped at an expiry date" },
    "alter-ingestionbatching-policy": { phase: 63, loss: "never", why: "batching decides when ingested data is sealed, not what is kept" },
    "delete-ingestionbatching-policy": { phase: 63, loss: "never", why: "batching falls back to the database's or the default, which decides latency, not what is kept" },
    "alter-ingestiontime-policy": { phase: 63, loss: "when", why: "rows ingested while it is disabled get no ingestion time (ingestion_time() returns null for them), which cannot be added later" },
    "delete-ingestiontime-policy": { phase: 63, loss: "when", why: "rows ingested from then on get no ingestion time (ingestion_time() returns null for them), which cannot be added later" },
    "alter-merge-policy": { phase: 63, loss: "never", why: "merging reorganizes extents; no row is dropped" },
    "delete-merge-policy": { phase: 63, loss: "never", why: "merging reorganizes extents; no row is dropped" },
    "alter-partitioning-policy": { phase: 63, loss: "never", why: "partitioning reorganizes extents; no row is dropped" },
    "delete-partitioning-policy": { phase: 63, loss: "never", why: "partitioning reorganizes extents; no row is dropped" },
    "alter-row_level_security-policy": { phase: 63, loss: "never", why: "it filters what queries see; no row is deleted" },
    "delete-row_level_security-policy": { phase: 63, loss: "never", why: "it filters what queries see; no row is deleted (queries see every row again)" },
    "alter-restricted_view_access-policy": { phase: 63, loss: "never", why: "it decides who may query, not what is kept" },
    "delete-restricted_view_access-policy": { phase: 63, loss: "never", why: "it decides who may query, not what is kept" },
    "alter-sharding-policy": { phase: 63, loss: "never", why: "sharding decides extent sizes; no row is dropped" },
    "delete-sharding-policy": { phase: 63, loss: "never", why: "sharding decides extent sizes; no row is dropped" },
    "alter-streamingingestion-policy": { phase: 63, loss: "when", why: "disabling it makes streaming ingestion into the entity fail: data sent by streaming is rejected" },
    "delete-streamingingestion-policy": { phase: 63, loss: "when", why: "streaming ingestion into the entity fails once no policy enables it: data sent by streaming is rejected" },
};

export interface SchemaCommand {
    kind: CommandKind;
    /** The entity changed: `Silver`, `Silver.ValueBool`, `Bronze/json/bronze_mapping`. */
    target: string;
    /** The exact KQL command. */
    text: string;
    dataLoss: boolean;
    /** What the command loses, when it does. */
    lossReason?: string;
    /** A sentence for people: "drop column Silver.ValueBool (data loss: the columns' data is deleted)". */
    description: string;
}

/**
 * A command of `kind`. `loss` decides `when`-class kinds: a reason when this command loses data
 * (defaults to the kind's), `false` when it does not. It is ignored for `always` and `never` kinds.
 */
export function command(kind: CommandKind, target: string, text: string, description: string, loss: string | boolean = false): SchemaCommand {
    const info = COMMAND_KINDS[kind];
    const reason = info.loss === "always" ? info.why : info.loss === "when" && loss !== false ? (loss === true ? info.why : loss) : undefined;
    return reason === undefined
        ? { kind, target, text, dataLoss: false, description }
        : { kind, target, text, dataLoss: true, lossReason: reason, description: `${description} (data loss: ${reason})` };
}

/** Stable order: by phase, then as generated (which follows the desired side's declaration order). */
export function sortCommands(commands: SchemaCommand[]): SchemaCommand[] {
    return commands
        .map((c, i) => ({ c, i }))
        .sort((a, b) => COMMAND_KINDS[a.c.kind].phase - COMMAND_KINDS[b.c.kind].phase || a.i - b.i)
        .map((x) => x.c);
}

/** The body to send after `.execute database script <|`: commands separated by blank lines. */
export function renderExecuteScript(commands: SchemaCommand[]): string {
    return commands.map((c) => c.text.trim()).join("\n\n");
}
