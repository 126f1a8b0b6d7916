/**
 * The config references and the zod schemas they describe agree, key for key: every key a schema
 * accepts is in its reference table, and every key a table names is one the schema accepts. The
 * tables stay hand-written prose (rules, defaults, links); this test is what keeps them in step.
 *
 * A table row names keys in its first column (`a.b`, `a.{x, y}`, `a.x` / `y`, `a.x` + `a.y`) and
 * the keys of an object value in its second (`{ name, assets[] }`, `uuid or { stackOutput }`).
 * Array brackets are ignored on both sides: `edge.lines[].name` is `edge.lines.name`.
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

/** Every key path the schema accepts, through optional/default/nullable wrappers, arrays, unions and pipes; a record's keys are free, so it is a leaf. */
function schemaKeys(schema: z.core.$ZodType, path = "", into = new Set<string>()): Set<string> {
    const def = schema._zod.def;
    switch (def.type) {
        case "object":
            for (const [key, value] of Object.entries((def as z.core.$ZodObjectDef).shape)) {
                const child = path ? `${path}.${key}` : key;
                into.add(child);
                schemaKeys(value, child, into);
            }
            break;
        case "optional":
        case "nullable":
        case "default":
        case "prefault":
        case "nonoptional":
        case "readonly":
        case "catch":
            schemaKeys((def as z.core.$ZodOptionalDef).innerType, path, into);
            break;
        case "array":
            schemaKeys((def as z.core.$ZodArrayDef).element, path, into);
            break;
        case "union":
            for (const option of (def as z.core.$ZodUnionDef).options) {
                schemaKeys(option, path, into);
            }
            break;
        case "intersection":
            schemaKeys((def as z.core.$ZodIntersectionDef).left, path, into);
            schemaKeys((def as z.core.$ZodIntersectionDef).right, path, into);
            break;
        case "pipe":
            schemaKeys((def as z.core.$ZodPipeDef).in, path, into);
            break;
        case "lazy":
            schemaKeys((def as z.core.$ZodLazyDef).getter(), path, into);
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

/** The keys a row names: its first column, plus the keys of object values in its second. */
function rowKeys(row: string): string[] {
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
    return [...keys, ...keys.flatMap((key) => objectKeys.map((child) => `${key}.${child}`))];
}

/** The keys of the table that follows `heading` in `file`. */
function documentedKeys(file: string, heading: string): Set<string> {
    const text = readFileSync(resolve(root, file), "utf8");
    const start = text.indexOf(`\n${heading}\n`);
    assert.ok(start >= 0, `${file} has no heading "${heading}"`);
    const rows: string[] = [];
    for (const line of text.slice(start + heading.length + 2).split("\n")) {
        if (line.startsWith("#")) {
            break;
        }
        if (line.startsWith("| `")) {
            rows.push(line);
        }
    }
    assert.ok(rows.length > 0, `${file}: no key rows under "${heading}"`);
    return new Set(rows.flatMap(rowKeys));
}

/** The schema keys the table does not name (an object counts as named when any key inside it is), and the named keys the schema does not have. */
function disagreement(schema: z.core.$ZodType, file: string, heading: string): { undocumented: string[]; unknown: string[] } {
    const accepted = schemaKeys(schema);
    const documented = documentedKeys(file, heading);
    const named = (key: string) => documented.has(key) || [...documented].some((d) => d.startsWith(`${key}.`));
    return { undocumented: [...accepted].filter((k) => !named(k)).sort(), unknown: [...documented].filter((k) => !accepted.has(k)).sort() };
}

const references: [string, z.core.$ZodType, string, string][] = [
    ["edge-fabric:site", siteSchema, "docs/config-reference.md", "## Config reference (`edge-fabric:site`)"],
    ["edge-fabric-platform:platform", platformSchema, "docs/platform.md", "## Config reference (`edge-fabric-platform:platform`)"],
];

for (const [key, schema, file, heading] of references) {
    test(`${file} documents every key of ${key}, and only keys its schema accepts`, () => {
        assert.deepEqual(disagreement(schema, file, heading), { undocumented: [], unknown: [] });
    });
}

test("the comparison sees a key missing on either side", () => {
    // The site reference against the platform schema: keys only one of them has show up on each side.
    const { undocumented, unknown } = disagreement(platformSchema, "docs/config-reference.md", "## Config reference (`edge-fabric:site`)");
    assert.ok(undocumented.includes("capacity.sku") && undocumented.includes("eventHubs.geoDr.alias"), undocumented.join(", "));
    assert.ok(unknown.includes("edge.lines.assets.topic") && unknown.includes("archive.containers.kqlExport"), unknown.join(", "));
});

test("the site reference lists every edge-fabric: key a stack file may hold", () => {
    const text = readFileSync(resolve(root, "docs/config-reference.md"), "utf8");
    assert.deepEqual(KNOWN_KEYS.filter((k) => !text.includes(`\`${k}\``)), []);
});
