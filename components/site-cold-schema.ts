/** The cold path's schema of a site: generated from its tags and registered in the AIO instance's schema registry. */
import type * as pulumi from "@pulumi/pulumi";
import type { SchemaVersion } from "@pulumi/azure-native/deviceregistry";
import { registerColdPathSchema } from "./edge/cold-path-schema";
import { coldPathSchema, type ColdSchema } from "./edge/cold-schema";
import { SITE_DEFAULTS, type SiteSpec } from "./site-defaults";
import { joinPath, ValidationError } from "./validation";

/** The document field the asset's MQTT topic is written to (the asset key the archive keeps). */
const ASSET_FIELD = "x-aio-topic";

/** A site's generated cold path schema with its registry name and version. */
export interface SiteColdSchema {
    schema: ColdSchema;
    name: string;
    version: string;
}

/**
 * The cold path's generated schema, or undefined when the cold path is off. Pure; refuses a missing
 * schema, bad tags or names with their config path before anything is registered.
 */
export function siteColdSchema(args: SiteSpec): SiteColdSchema | undefined {
    const cold = args.edge.cold;
    if (!cold.enabled) {
        return undefined;
    }
    const path = joinPath(args.configPath ?? "", "edge.cold.schema");
    if (cold.schema === undefined) {
        throw new ValidationError(`HybridSite "${args.name}"`, [{ path, message: "is required when edge.cold.enabled is true: { registryId, namespace } of the AIO instance's schema registry" }]);
    }
    const name = cold.schema.name ?? `${args.name}-cold`;
    const version = cold.schema.version ?? SITE_DEFAULTS.edge.cold.schemaVersion;
    const tags = (cold.schema.tags ?? args.edge.hot.tags).map((t) => (typeof t === "string" ? { name: t } : t));
    return { schema: coldPathSchema(tags, { namespace: cold.schema.namespace, name, version }, ASSET_FIELD, path), name, version };
}

/** Registers `cold` in the registry the site names (`edge.cold.schema.registryId`); the cold dataflow waits for the returned version. */
export function siteRegisterColdSchema(name: string, args: SiteSpec, cold: SiteColdSchema, parent: pulumi.Resource): SchemaVersion {
    const registryId = (args.edge.cold.schema as NonNullable<SiteSpec["edge"]["cold"]["schema"]>).registryId;
    return registerColdPathSchema(`${name}-cold-schema`, { registryId, name: cold.name, version: cold.version, schema: cold.schema, configPath: joinPath(args.configPath ?? "", "edge.cold.schema.registryId") }, parent);
}
