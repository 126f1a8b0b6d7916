/**
 * The KQL schema engine: `.kql` scripts and `.show database schema as csl script` output read into
 * one schema model, validated, diffed into ordered commands that know whether they lose data, and
 * rendered back. Pure: no network, no Pulumi; the only I/O is a verdict store the caller may pass.
 */
import { SchemaCommand, renderExecuteScript } from "./kinds";
import { diffSchemas } from "./diff";
import { SchemaModel, emptyModel } from "./model";

export { Codes, formatDiagnostic, type Diagnostic, type SourceFile } from "./diagnostics";
export { loadSchema, readCslSchema, type LoadOptions, type LoadResult } from "./load";
export { diffSchemas, refusal, type SchemaDelta } from "./diff";
export { COMMAND_KINDS, renderExecuteScript, type CommandKind, type DataLossClass, type KindInfo, type SchemaCommand } from "./kinds";
export { cacheStats, resetMemoryCache, type CacheStore } from "./cache";
export * from "./model";

/**
 * The model as a csl script, one command per block, in the order the server prints a schema
 * (tables, policies, mappings, functions, views): what `readCslSchema` reads back to the same model.
 */
export function renderSchema(model: SchemaModel): string {
    const commands: SchemaCommand[] = diffSchemas(emptyModel(), model).commands;
    return `${renderExecuteScript(commands)}\n`;
}

/** A database name as a bracketed literal, for the `.show` commands. */
const bracketName = (database: string): string => `['${database.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}']`;

/**
 * The command that reads a database's schema as the engine reads it: ingestion mappings in, no
 * encoding policies or security settings (the engine models neither), no secrets.
 */
export function showSchemaCommand(database: string): string {
    return `.show database ${bracketName(database)} schema as csl script with (IncludeEncodingPolicies = false, IncludeSecuritySettings = false, IncludeIngestionMappings = true, ShowObfuscatedStrings = false)`;
}

/** The command that reads a database's managed identity policy (the schema script may not print it): one row, its `Policy` column the JSON array. */
export function showManagedIdentityCommand(database: string): string {
    return `.show database ${bracketName(database)} policy managed_identity`;
}

export { analyzeQueries, type QueryToCheck, type QueryProblem } from "./queries";
export { ARCHIVE_IDENTITY_PATH, ARCHIVE_PLACEHOLDER, archiveContainerProblem, resolveArchiveScript, siteScripts, usesArchive, type ArchiveTarget } from "./archive";
export { connectionProblem } from "./export";
export { EXPORT_USAGES, MANAGED_IDENTITY_USAGES, managedIdentityEntries } from "./identity";
