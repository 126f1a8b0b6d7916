/**
 * The cold path's message schema, generated from the site's tags: the Delta/1.0 document the AIO
 * schema registry stores, the `aio-sr://` reference the dataflow names, and the leaf mappings that
 * write exactly the fields the schema declares. Pure: no Pulumi, no I/O.
 *
 * Facts (https://learn.microsoft.com/azure/iot-operations/connect-to-cloud/concept-schema-registry,
 * "Storage serialization behavior"; the local storage endpoint writes Parquet only:
 * https://learn.microsoft.com/azure/iot-operations/connect-to-cloud/howto-configure-local-storage-endpoint):
 * - a Delta schema is `{ "$schema": "Delta/1.0", "type": "object", "properties": { "type": "struct", "fields": [...] } }`;
 * - a field that is `nullable: false` and missing drops the whole pending batch, so every field here
 *   is nullable (a tag an asset did not send is written as null);
 * - a wildcard (`* -> *`) mapping needs the schema to declare every leaf the payload holds, else the
 *   record is dropped; so the dataflow maps each declared leaf instead, and a tag the site did not
 *   list is left out of the archive rather than taking the whole record with it;
 * - mismatched types are coerced silently, so a tag's `Value` is declared `string` unless the site
 *   says otherwise: the archive keeps what the sensor sent (humidity arrives as the string "11.23"),
 *   and typing stays Silver's job.
 */
import { joinPath, Problems, ValidationError, type Problem } from "../validation";

/** Delta primitive types a tag's `Value` may be declared as. */
export const DELTA_VALUE_TYPES = ["string", "double", "long", "boolean"] as const;
export type DeltaValueType = (typeof DELTA_VALUE_TYPES)[number];

/** A tag of the cold path: its name (a top-level key of the asset's message) and how its `Value` is stored. */
export interface ColdTag {
    name: string;
    /** Default `string`: any value the sensor sends is kept verbatim. */
    valueType?: DeltaValueType;
}

/** Where the schema lives: the registry's namespace (`aio-sr://<namespace>/...`), the schema's name and version. */
export interface ColdSchemaRef {
    namespace: string;
    name: string;
    version: string;
}

/** One output field of the cold dataflow's mapping. */
export interface LeafMap {
    inputs: string[];
    output: string;
}

/** What the registry stores and what the dataflow writes. */
export interface ColdSchema {
    /** `aio-sr://<namespace>/<name>:<version>`. */
    ref: string;
    /** The Delta/1.0 document (`schemaVersions.schemaContent`). */
    content: string;
    /** One mapping per declared leaf, so the written records match the schema. */
    maps: LeafMap[];
}

/** Name rules of schema registry namespaces, schemas and versions (lowercase letters, digits, hyphens; versions are numbers). */
const NAME = /^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$/;
const VERSION = /^[1-9][0-9]{0,8}$/;
/** A tag name is a top-level JSON key of the message; dots would read as a path in a mapping. */
const TAG = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** The reference a dataflow's `schemaRef` carries. */
export function schemaRefText(ref: ColdSchemaRef): string {
    return `aio-sr://${ref.namespace}/${ref.name}:${ref.version}`;
}

/** Problems with the tags and the reference, each under `path`. */
export function validateColdSchema(tags: readonly ColdTag[], ref: ColdSchemaRef, assetField: string, path: string): Problem[] {
    const p = new Problems("cold path schema");
    const at = (key: string) => joinPath(path, key);
    p.require(tags.length > 0, at("tags"), "must list at least one tag: the cold path writes Parquet, whose schema declares every field (a site that sends every tag on the hot path must still name them here)");
    const seen = new Set<string>();
    tags.forEach((t, i) => {
        p.require(TAG.test(t.name), at(`tags[${i}]`), `"${t.name}" must be a message key: letters, digits, "_" or "-", starting with a letter or "_"`);
        p.require(t.name !== assetField, at(`tags[${i}]`), `"${t.name}" is the field the asset's topic is written to; rename the tag`);
        p.require(!seen.has(t.name), at(`tags[${i}]`), `"${t.name}" is listed twice`);
        seen.add(t.name);
        p.require(t.valueType === undefined || DELTA_VALUE_TYPES.includes(t.valueType), at(`tags[${i}].valueType`), `must be one of ${DELTA_VALUE_TYPES.join(", ")}, got "${String(t.valueType)}"`);
    });
    p.require(NAME.test(ref.namespace), at("namespace"), `"${ref.namespace}" must be 3-64 lowercase letters, digits and hyphens (the schema registry's namespace)`);
    p.require(NAME.test(ref.name), at("name"), `"${ref.name}" must be 3-64 lowercase letters, digits and hyphens`);
    p.require(VERSION.test(ref.version), at("version"), `"${ref.version}" must be a positive whole number; bump it when the tags change, a registered version is never rewritten`);
    return [...p.all];
}

function field(name: string, type: unknown): Record<string, unknown> {
    return { name, type, nullable: true, metadata: {} };
}

/**
 * The schema of one record: the asset's topic, then per tag `{ SourceTimestamp, Value, StatusCode }`
 * (the shape the AIO connector for OPC UA publishes; `StatusCode` is declared so it is kept when
 * present and null when not). Throws `ValidationError` on bad input.
 */
export function coldPathSchema(tags: readonly ColdTag[], ref: ColdSchemaRef, assetField: string, path = ""): ColdSchema {
    const problems = validateColdSchema(tags, ref, assetField, path);
    if (problems.length > 0) {
        throw new ValidationError("cold path schema", problems);
    }
    const statusCode = { type: "struct", fields: [field("Code", "long"), field("Symbol", "string")] };
    const fields = [
        field(assetField, "string"),
        ...tags.map((t) => field(t.name, { type: "struct", fields: [field("SourceTimestamp", "string"), field("Value", t.valueType ?? "string"), field("StatusCode", statusCode)] })),
    ];
    const content = { $schema: "Delta/1.0", type: "object", properties: { type: "struct", fields } };
    const maps: LeafMap[] = [
        { inputs: ["$metadata.topic"], output: assetField },
        ...tags.flatMap((t) => ["SourceTimestamp", "Value", "StatusCode.Code", "StatusCode.Symbol"].map((leaf) => ({ inputs: [`${t.name}.${leaf}`], output: `${t.name}.${leaf}` }))),
    ];
    return { ref: schemaRefText(ref), content: JSON.stringify(content, null, 2), maps };
}
