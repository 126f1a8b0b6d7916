/**
 * The cold path's schema registration: registers the cold path's Parquet schema in the AIO instance's schema registry
 * (adopted by id, never created: the instance resolves `aio-sr://` references against the registry it
 * was deployed with), as a `MessageSchema` in `Delta/1.0` format and one version holding the content
 * generated from the site's tags (`cold-schema.ts`). A local storage destination needs the
 * schema its `schemaRef` names
 * (https://learn.microsoft.com/azure/iot-operations/connect-to-cloud/howto-configure-local-storage-endpoint;
 * resources as in https://learn.microsoft.com/azure/iot-operations/connect-to-cloud/concept-schema-registry).
 *
 * azure-native 3.x ships `deviceregistry.Schema`/`SchemaVersion` on API 2024-09-01-preview (the
 * newest it binds by default); the documented Bicep uses 2025-10-01 with the same properties.
 */
import * as pulumi from "@pulumi/pulumi";
import { Schema, SchemaVersion } from "@pulumi/azure-native/deviceregistry";
import { parseArmId } from "../cloud/rules/arm";
import type { ColdSchema } from "./cold-schema";

export interface ColdPathSchemaArgs {
    /** ARM id of the schema registry (`Microsoft.DeviceRegistry/schemaRegistries`) the AIO instance uses. */
    registryId: string;
    /** Schema name (the `<schema>` of the reference). */
    name: string;
    /** Version name, a whole number; a registered version is never rewritten, so a new content needs a new version. */
    version: string;
    /** The generated schema (`coldPathSchema`). */
    schema: ColdSchema;
    /** Where the registry id came from, for errors. Default `registryId`. */
    configPath?: string;
}

/**
 * Registers the schema and its version in the adopted registry, as children of `parent`; returns the
 * version (the cold dataflow waits for it). Throws `ValidationError` on a bad registry id.
 */
export function registerColdPathSchema(name: string, args: ColdPathSchemaArgs, parent: pulumi.Resource): SchemaVersion {
    const registry = parseArmId(args.registryId, "Microsoft.DeviceRegistry", "schemaRegistries", args.configPath ?? "registryId");
    const scope = { resourceGroupName: registry.resourceGroupName, schemaRegistryName: registry.name };
    const schema = new Schema(
        `${name}-schema`,
        { ...scope, schemaName: args.name, format: "Delta/1.0", schemaType: "MessageSchema", displayName: args.name, description: "Parquet records of the cold path (edge-fabric)" },
        { parent },
    );
    return new SchemaVersion(
        `${name}-v${args.version}`,
        { ...scope, schemaName: schema.name, schemaVersionName: args.version, schemaContent: args.schema.content, description: "generated from the site's tags" },
        // A version's content is fixed once registered: new content under the same version replaces it.
        { parent, replaceOnChanges: ["schemaContent"], deleteBeforeReplace: true },
    );
}
