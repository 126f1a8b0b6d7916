import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { coldPathSchema, validateColdSchema, type ColdTag } from "../../components/edge/cold-schema";
import { ValidationError } from "../../components/validation";

const REF = { namespace: "aio-sr-site01", name: "site01-cold", version: "1" };
const ASSET_FIELD = "Topic";

interface DeltaField {
    name: string;
    type: string | { type: "struct"; fields: DeltaField[] };
    nullable: boolean;
}

/** The samples as an asset publishes them: the Bronze rows without what ingestion added. */
function samples(): Record<string, unknown>[] {
    const text = readFileSync(join(__dirname, "..", "..", "..", "tests", "fixtures", "samples", "bronze-rows.jsonl"), "utf8");
    return text
        .split("\n")
        .filter((l) => l.trim() !== "")
        .map((l) => {
            const row = JSON.parse(l) as Record<string, unknown>;
            delete row["x-opt-partition-key"];
            return row;
        });
}

/** Declared leaves with their type, `a.b.c` -> type. */
function leaves(fields: DeltaField[], prefix = ""): Map<string, { type: string; nullable: boolean }> {
    const out = new Map<string, { type: string; nullable: boolean }>();
    for (const f of fields) {
        const path = prefix ? `${prefix}.${f.name}` : f.name;
        if (typeof f.type === "string") {
            out.set(path, { type: f.type, nullable: f.nullable });
        } else {
            for (const [k, v] of leaves(f.type.fields, path)) out.set(k, v);
        }
    }
    return out;
}

function at(doc: unknown, path: string): unknown {
    return path.split(".").reduce<unknown>((v, k) => (v && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined), doc);
}

/**
 * Writes one message as the documented Parquet rules do: each mapping sets one leaf, which the schema
 * must declare; a value must fit its column (a string column holds any text; a double, a number);
 * a declared non-nullable leaf left unset drops the batch.
 */
function write(schema: { content: string; maps: { inputs: string[]; output: string }[] }, message: Record<string, unknown>, topic: string): Record<string, unknown> {
    const declared = leaves((JSON.parse(schema.content) as { properties: { fields: DeltaField[] } }).properties.fields);
    const row: Record<string, unknown> = {};
    for (const m of schema.maps) {
        const column = declared.get(m.output);
        assert.ok(column, `the mapping writes ${m.output}, which the schema must declare`);
        const value = m.inputs[0] === "$metadata.topic" ? topic : at(message, m.inputs[0]);
        if (value === undefined) continue;
        if (column.type === "double") assert.equal(typeof value, "number", `${m.output} holds ${JSON.stringify(value)}`);
        if (column.type === "string") assert.ok(["string", "number", "boolean"].includes(typeof value), `${m.output} holds ${JSON.stringify(value)}`);
        row[m.output] = value;
    }
    for (const [path, column] of declared) {
        assert.ok(column.nullable || path in row, `${path} is not nullable and unset: the batch would be dropped`);
    }
    return row;
}

test("cold schema: a Delta/1.0 document with the topic and each tag's SourceTimestamp, Value and StatusCode, all nullable", () => {
    const schema = coldPathSchema([{ name: "temperature", valueType: "double" }, { name: "humidity" }], REF, ASSET_FIELD);
    assert.equal(schema.ref, "aio-sr://aio-sr-site01/site01-cold:1");
    const doc = JSON.parse(schema.content) as { $schema: string; type: string; properties: { type: string; fields: DeltaField[] } };
    assert.equal(doc.$schema, "Delta/1.0");
    assert.equal(doc.type, "object");
    assert.equal(doc.properties.type, "struct");
    assert.deepEqual(
        [...leaves(doc.properties.fields)].map(([k, v]) => `${k}:${v.type}:${v.nullable}`),
        [
            "Topic:string:true",
            "temperature.SourceTimestamp:string:true",
            "temperature.Value:double:true",
            "temperature.StatusCode.Code:long:true",
            "temperature.StatusCode.Symbol:string:true",
            "humidity.SourceTimestamp:string:true",
            "humidity.Value:string:true",
            "humidity.StatusCode.Code:long:true",
            "humidity.StatusCode.Symbol:string:true",
        ],
    );
});

test("cold schema: every sample message is written whole, humidity's string Value included", () => {
    const schema = coldPathSchema([{ name: "temperature" }, { name: "humidity" }], REF, ASSET_FIELD);
    const rows = samples().map((m, i) => write(schema, m, `site01/channel22/freezer0${i + 1}`));
    assert.equal(rows.length, 3);
    assert.equal(rows[0]["humidity.Value"], "11.23");
    assert.equal(rows[0]["temperature.Value"], -4.4);
    assert.equal(rows[0].Topic, "site01/channel22/freezer01");
});

test("cold schema: declaring humidity a double would not hold the samples (why string is the default)", () => {
    const schema = coldPathSchema([{ name: "temperature" }, { name: "humidity", valueType: "double" }], REF, ASSET_FIELD);
    assert.throws(() => write(schema, samples()[0], "site01/channel22/freezer01"), /humidity.Value holds "11.23"/);
});

test("cold schema: a tag the site did not list is left out, not the record", () => {
    const schema = coldPathSchema([{ name: "temperature" }], REF, ASSET_FIELD);
    const row = write(schema, samples()[0], "t");
    assert.equal(row["temperature.Value"], -4.4);
    assert.ok(!Object.keys(row).some((k) => k.startsWith("humidity")));
});

test("cold schema: bad tags and references are refused together, each under its config path", () => {
    const tags: ColdTag[] = [{ name: "temperature" }, { name: "temperature" }, { name: "a.b" }, { name: "Topic" }, { name: "x", valueType: "decimal" as never }];
    const problems = validateColdSchema(tags, { namespace: "AIO_SR", name: "ok-name", version: "v1" }, ASSET_FIELD, "edge-fabric:site.edge.cold.schema");
    assert.deepEqual(
        problems.map((p) => p.path),
        [
            "edge-fabric:site.edge.cold.schema.tags[1]",
            "edge-fabric:site.edge.cold.schema.tags[2]",
            "edge-fabric:site.edge.cold.schema.tags[3]",
            "edge-fabric:site.edge.cold.schema.tags[4].valueType",
            "edge-fabric:site.edge.cold.schema.namespace",
            "edge-fabric:site.edge.cold.schema.version",
        ],
    );
    assert.throws(() => coldPathSchema([], REF, ASSET_FIELD, "edge.cold.schema"), (err: unknown) => err instanceof ValidationError && /edge\.cold\.schema\.tags: must list at least one tag/.test(err.message));
});
