/**
 * The config references and the zod schemas they describe agree, key for key: every key a schema
 * accepts is in its reference table, and every key a table names is one the schema accepts. The
 * tables stay hand-written prose (rules, defaults, links); this test is what keeps them in step.
 *
 * A table row names keys in its first column (`a.b`, `a.{x, y}`, `a.x` / `y`, `a.x` + `a.y`) and
 * the keys of an object value in its second (`{ name, assets[] }`, `uuid or { stackOutput }`).
 * Array brackets are ignored on both sides: `edge.lines[].name` is `edge.lines.name`. A row marked
 * with a variant (`(adx)`, `(gitops)`) names keys of that option of a discriminated union, and a key
 * that only some options accept is marked with one of them.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { z } from "zod";
import { siteSchema } from "../../stacks/config";
import { KNOWN_KEYS } from "../../stacks/config/keys";
import { platformSchema } from "../../stacks/platform";

const root = resolve(__dirname, "../../..");

/** One option of a discriminated union at `path`: the keys it accepts when its discriminator is `value`. */
interface Variant {
    path: string;
    value: string;
    keys: Set<string>;
}

/**
 * Every key path the schema accepts, through optional/default/nullable wrappers, arrays, unions and
 * pipes (a record's keys are free, so it is a leaf); each discriminated union's options go to `variants`.
 */
function schemaKeys(schema: z.core.$ZodType, path = "", into = new Set<string>(), variants: Variant[] = []): Set<string> {
    const def = schema._zod.def;
    switch (def.type) {
        case "object":
            for (const [key, value] of Object.entries((def as z.core.$ZodObjectDef).shape)) {
                const child = path ? `${path}.${key}` : key;
                into.add(child);
                schemaKeys(value, child, into, variants);
            }
            break;
        case "optional":
        case "nullable":
        case "default":
        case "prefault":
        case "nonoptional":
        case "readonly":
        case "catch":
            schemaKeys((def as z.core.$ZodOptionalDef).innerType, path, into, variants);
            break;
        case "array":
            schemaKeys((def as z.core.$ZodArrayDef).element, path, into, variants);
            break;
        case "union": {
            const discriminator = (def as z.core.$ZodDiscriminatedUnionDef).discriminator as string | undefined;
            for (const option of (def as z.core.$ZodUnionDef).options) {
                schemaKeys(option, path, into, variants);
                if (discriminator !== undefined) {
                    const literal = (option as z.core.$ZodObject)._zod.def.shape[discriminator]._zod.def as z.core.$ZodLiteralDef<string>;
                    variants.push({ path, value: literal.values[0], keys: schemaKeys(option, path) });
                }
            }
            break;
        }
        case "intersection":
            schemaKeys((def as z.core.$ZodIntersectionDef).left, path, into, variants);
            schemaKeys((def as z.core.$ZodIntersectionDef).right, path, into, variants);
            break;
        case "pipe":
            schemaKeys((def as z.core.$ZodPipeDef).in, path, into, variants);
            break;
        case "lazy":
            schemaKeys((def as z.core.$ZodLazyDef).getter(), path, into, variants);
            break;
        default:
    }
    return into;
}

/** The cells of a Markdown table row, split on pipes that are not escaped (`\|` inside a cell). */
const cells = (row: string): string[] => row.replace(/^\||\|$/g, "").split(/(?<!\\)\|/).map((c) => c.trim());
const codeSpans = (cell: string): string[] => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
const normal = (key: string): string => key.replace(/\[\]/g, "").replace(/\?$/, "");

/** `a.{x, y}` -> `a.x`, `a.y`. */
function expand(span: string): string[] {
    const braces = /^(.*)\{([^}]*)\}$/.exec(span);
    return braces ? braces[2].split(",").map((k) => braces[1] + k.trim()) : [span];
}

/** A table row: the keys it names and the variant it is marked with, if any. */
interface Row {
    keys: string[];
    variant?: string;
}

/** The keys a row names (its first column, plus the keys of object values in its second) and its `(variant)` mark. */
function parseRow(row: string): Row {
    const [keyCell, typeCell] = cells(row);
    const spans = codeSpans(keyCell);
    const first = normal(spans[0]);
    const parent = first.includes(".") ? first.slice(0, first.lastIndexOf(".") + 1) : "";
    // `a.x` / `y` and `a.x` / `.y`: a later span without a dot, or starting with one, is a sibling of the first.
    const keys = spans.flatMap((span, i) => expand(normal(i > 0 && (!span.includes(".") || span.startsWith(".")) ? parent + span.replace(/^\./, "") : span)));
    const objectKeys = codeSpans(typeCell ?? "")
        .flatMap((span) => [...span.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]))
        .flatMap((inner) => inner.split(",").map((entry) => /^\s*([A-Za-z]+)/.exec(entry)?.[1]))
        .filter((key): key is string => key !== undefined);
    return { keys: [...keys, ...keys.flatMap((key) => objectKeys.map((child) => `${key}.${child}`))], variant: /\(([A-Za-z]+)\)$/.exec(keyCell)?.[1] };
}

/** The key rows of the table that follows `heading` in `text`. */
function tableRows(text: string, heading: string): Row[] {
    const start = text.indexOf(`\n${heading}\n`);
    assert.ok(start >= 0, `no heading "${heading}"`);
    const rows: string[] = [];
    for (const line of text.slice(start + heading.length + 2).split("\n")) {
        if (line.startsWith("#")) {
            break;
        }
        if (line.startsWith("| `")) {
            rows.push(line);
        }
    }
    assert.ok(rows.length > 0, `no key rows under "${heading}"`);
    return rows.map(parseRow);
}

/**
 * The schema keys the table does not name (an object counts as named when any key inside it is), the
 * named keys the schema does not have, and the keys marked with a variant whose option lacks them or
 * accepted by only some options but not marked with one of them.
 */
function disagreement(schema: z.core.$ZodType, text: string, heading: string): { undocumented: string[]; unknown: string[]; variants: string[] } {
    const variants: Variant[] = [];
    const accepted = schemaKeys(schema, "", new Set(), variants);
    const rows = tableRows(text, heading);
    const documented = new Set(rows.flatMap((r) => r.keys));
    const named = (key: string) => documented.has(key) || [...documented].some((d) => d.startsWith(`${key}.`));
    const misplaced = rows.flatMap(({ keys, variant }) =>
        keys.flatMap((key) => {
            const options = variants.filter((v) => key.startsWith(`${v.path}.`));
            const having = options.filter((v) => v.keys.has(key)).map((v) => v.value);
            const marked = options.some((v) => v.value === variant);
            // A key every option accepts needs no mark; a mark from another union (`(gitops)` on a Git auth key) says nothing here.
            return having.length === options.length || (variant !== undefined && !marked) || having.includes(variant ?? "") ? [] : [`${key} (${variant ?? "unmarked"}): only ${having.join(", ")}`];
        }),
    );
    return { undocumented: [...accepted].filter((k) => !named(k)).sort(), unknown: [...documented].filter((k) => !accepted.has(k)).sort(), variants: misplaced };
}

const references: [string, z.core.$ZodType, string, string][] = [
    ["edge-fabric:site", siteSchema, "docs/config-reference.md", "## Config reference (`edge-fabric:site`)"],
    ["edge-fabric-platform:platform", platformSchema, "docs/platform.md", "## Config reference (`edge-fabric-platform:platform`)"],
];

for (const [key, schema, file, heading] of references) {
    test(`${file} documents every key of ${key}, and only keys its schema accepts, each under its variant`, () => {
        assert.deepEqual(disagreement(schema, readFileSync(resolve(root, file), "utf8"), heading), { undocumented: [], unknown: [], variants: [] });
    });
}

test("the comparison sees a key missing on either side and a key under the wrong variant", () => {
    const table = [
        "# A reference",
        "## Keys",
        "",
        "| key | type | default | rule |",
        "| --- | --- | --- | --- |",
        "| `name` / `location` | string | required | |",
        "| `edge.lines[]` | `{ name, assets[], speed }` | required | |",
        "| `serving.kind` | `eventhouse` \\| `adx` | required | |",
        "| `serving.workspaceId` (adx) | uuid | required | |",
        "| `serving.skuName` | string | | |",
        "| `serving.clusterId` (adx) | ARM id or `{ stackOutput }` | | |",
    ].join("\n");
    const { undocumented, unknown, variants } = disagreement(siteSchema, table, "## Keys");
    assert.ok(undocumented.includes("edge.lines.assets.topic") && undocumented.includes("archive.containers.kqlExport") && !undocumented.includes("serving.kind"), undocumented.join(", "));
    assert.deepEqual(unknown, ["edge.lines.speed"]);
    assert.deepEqual(variants, ["serving.workspaceId (adx): only eventhouse", "serving.skuName (unmarked): only adx"]);
});

test("the site reference lists every edge-fabric: key a stack file may hold", () => {
    const text = readFileSync(resolve(root, "docs/config-reference.md"), "utf8");
    assert.deepEqual(KNOWN_KEYS.filter((k) => !text.includes(`\`${k}\``)), []);
});
