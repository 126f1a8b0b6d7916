/** Kusto provider: management client, schema apply, and the `KqlDatabaseSchema` dynamic resource. */
export { KustoMgmtClient, type KustoClientOptions, type ScriptCommandResult } from "./client";
export { resolveAuth, validateClusterUri, TOKEN_ENV, type KustoAuth } from "./auth";
export { KustoRequestError } from "./errors";
export { type RetryOptions } from "./retry";
export { KqlDatabaseSchema, type KqlDatabaseSchemaArgs } from "./provider";
export { TOKEN_CONFIG_KEY, type KqlDatabaseSchemaInputs, type KqlDatabaseSchemaOutputs } from "./operations";
export { RESOURCE_OPT_IN, SchemaRefusedError, SchemaApplyError, SchemaScriptError, applyCommands, hashScripts, loadDesired, planSchema, readLive, type SchemaPlan } from "./schema";
export { readScriptsDir, bundledScriptsDir } from "./scripts";
