/**
 * Fabric Activator (item type `Reflex`) definitions from templates. EXPERIMENTAL.
 *
 * Microsoft has not published the grammar of Activator rules ("ReflexEntities.json … We'll publish
 * the schema soon"), and hand-built rule entities are known to fail with generic 400s. So a rule is
 * not generated from a model: it comes from a template, normally captured from an Activator built
 * in the UI (`getDefinition`), in which only declared placeholders are substituted:
 *
 * - `"{{name}}"` as a whole JSON string becomes the parameter's typed value (a number stays a number);
 * - `{{name}}` inside a longer string is replaced by the value's text;
 * - `{{id:key}}` becomes a stable UUID of (item, key), so entity ids survive re-rendering;
 * - strings that hold JSON (a view's `definition.instance`) are substituted inside and re-encoded.
 *
 * Everything that can be checked offline is checked before anything is sent: each value against
 * its declared type (ids are UUIDs, thresholds numbers with a unit of the right dimension,
 * durations inside the documented 10 s–24 h window, recipients e-mail addresses), every
 * placeholder declared and every declared one used, and every entity reference resolving to an
 * entity of the same definition.
 */
import { z } from "zod";
import { Problem, ValidationError, joinPath } from "../validation";
import { Quantity, convertQuantity, formatDuration, parseDuration, parseQuantity } from "./quantities";
import { stableId } from "./stable-id";
import { GUID } from "../../kusto/text";

/** Documented Activator summarization window (activator-detection-conditions.md): 10 seconds to 24 hours. */
export const ACTIVATOR_WINDOW = { min: "10s", max: "24h" } as const;

/** Entity types documented for ReflexEntities.json. */
export const REFLEX_ENTITY_TYPES = ["container-v1", "simulatorSource-v1", "kqlSource-v1", "realTimeHubSource-v1", "eventstreamSource-v1", "fabricItemAction-v1", "timeSeriesView-v1"] as const;

const parameterSchema = z.discriminatedUnion("type", [
    z.object({ type: z.literal("guid"), description: z.string().optional() }),
    z.object({ type: z.literal("string"), description: z.string().optional(), maxLength: z.number().int().positive().optional() }),
    z.object({ type: z.literal("kql"), description: z.string().optional() }),
    z.object({ type: z.literal("quantity"), description: z.string().optional(), unit: z.string() }),
    z.object({
        type: z.literal("duration"),
        description: z.string().optional(),
        min: z.string().default(ACTIVATOR_WINDOW.min),
        max: z.string().default(ACTIVATOR_WINDOW.max),
        as: z.enum(["milliseconds", "seconds"]),
    }),
    z.object({ type: z.literal("emails"), description: z.string().optional(), maxCount: z.number().int().positive().default(50) }),
]);
export type TemplateParameter = z.input<typeof parameterSchema>;

const entitySchema = z.object({ uniqueIdentifier: z.string().min(1), type: z.string().min(1), payload: z.record(z.string(), z.unknown()) }).loose();

const templateSchema = z.object({
    templateFormat: z.literal(1),
    name: z.string().min(1),
    description: z.string().default(""),
    experimental: z.boolean().default(true),
    parameters: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/, "parameter names are letters and digits"), parameterSchema),
    entities: z.array(entitySchema).min(1),
});
/** An Activator template file (`*.reflex-template.json`). */
export type ActivatorTemplate = z.input<typeof templateSchema>;
type ParsedTemplate = z.output<typeof templateSchema>;
type ParsedParameter = z.output<typeof parameterSchema>;

/** A value given for a template parameter (from stack config or a component arg). */
export type TemplateValue = string | number | Quantity | string[];

const PLACEHOLDER = /\{\{\s*(id:)?([A-Za-z0-9_.-]+)\s*\}\}/g;
const WHOLE_PLACEHOLDER = /^\{\{\s*([A-Za-z0-9]+)\s*\}\}$/;
const email = z.email();

function zodIssues(error: z.ZodError, prefix: string): Problem[] {
    return error.issues.map((i) => ({ path: joinPath(prefix, ...i.path.map((p) => (typeof p === "number" ? p : String(p)))) || prefix, message: i.message }));
}

/** Parses and checks a template (shape, placeholders declared and used). Throws with every problem, paths under `where`. */
export function parseActivatorTemplate(input: unknown, where = "template"): ParsedTemplate {
    const parsed = templateSchema.safeParse(input);
    if (!parsed.success) {
        throw new ValidationError(`Activator template ${where} is invalid`, zodIssues(parsed.error, where));
    }
    const template = parsed.data;
    const issues: Problem[] = [];
    const used = new Set<string>();
    walkStrings(template.entities, (text, path) => {
        for (const m of text.matchAll(PLACEHOLDER)) {
            if (!m[1]) {
                used.add(m[2]);
                if (!(m[2] in template.parameters)) {
                    issues.push({ path: joinPath(where, "entities", ...path), message: `placeholder {{${m[2]}}} is not declared in "parameters"` });
                }
            }
        }
    });
    for (const name of Object.keys(template.parameters)) {
        if (!used.has(name)) {
            issues.push({ path: joinPath(where, "parameters", name), message: "is declared but no entity uses it" });
        }
    }
    template.entities.forEach((e, i) => {
        if (!(REFLEX_ENTITY_TYPES as readonly string[]).includes(e.type)) {
            issues.push({ path: joinPath(where, "entities", i, "type"), message: `"${e.type}" is not a documented entity type (${REFLEX_ENTITY_TYPES.join(", ")})` });
        }
    });
    if (issues.length > 0) {
        throw new ValidationError(`Activator template ${where} is invalid`, issues);
    }
    return template;
}

/** Calls `visit` on every string in `value` (and in JSON held inside strings), with its path. */
function walkStrings(value: unknown, visit: (text: string, path: (string | number)[]) => void, path: (string | number)[] = []): void {
    if (typeof value === "string") {
        const inner = embeddedJson(value);
        if (inner !== undefined) {
            walkStrings(inner, visit, path);
        } else {
            visit(value, path);
        }
    } else if (Array.isArray(value)) {
        value.forEach((v, i) => walkStrings(v, visit, [...path, i]));
    } else if (value && typeof value === "object") {
        for (const [k, v] of Object.entries(value)) {
            walkStrings(v, visit, [...path, k]);
        }
    }
}

/** The JSON object or array a string encodes (a view's `instance`), or undefined for ordinary text. */
function embeddedJson(text: string): object | undefined {
    const t = text.trimStart();
    if (!t.startsWith("{") && !t.startsWith("[")) {
        return undefined;
    }
    try {
        const parsed: unknown = JSON.parse(text);
        return parsed && typeof parsed === "object" ? parsed : undefined;
    } catch {
        return undefined;
    }
}

/** A parameter value converted to what goes into the JSON, or an error message. */
function resolveValue(param: ParsedParameter, value: TemplateValue | undefined): unknown {
    if (value === undefined) {
        throw new Error(`is required (${param.type}${param.description ? `: ${param.description}` : ""})`);
    }
    switch (param.type) {
        case "guid":
            if (typeof value !== "string" || !GUID.test(value)) {
                throw new Error(`${JSON.stringify(value)} is not an id (a UUID such as 5b218778-e7a5-4d73-8187-f10824047715)`);
            }
            return value;
        case "string":
        case "kql":
            if (typeof value !== "string" || !value.trim()) {
                throw new Error("must be a non-empty string");
            }
            if (param.type === "string" && param.maxLength && value.length > param.maxLength) {
                throw new Error(`is ${value.length} characters long, at most ${param.maxLength} allowed`);
            }
            return value;
        case "quantity": {
            if (typeof value === "number") {
                throw new Error(`${value} has no unit: write it with one, e.g. "${value} ${param.unit}"`);
            }
            if (Array.isArray(value)) {
                throw new Error("must be a number with a unit, not a list");
            }
            return convertQuantity(parseQuantity(value), param.unit);
        }
        case "duration": {
            if (typeof value !== "string") {
                throw new Error(`${JSON.stringify(value)} is not a duration such as "5m"`);
            }
            const ms = parseDuration(value);
            const [min, max] = [parseDuration(param.min), parseDuration(param.max)];
            if (ms < min || ms > max) {
                throw new Error(`${formatDuration(ms)} is outside the allowed window ${formatDuration(min)}–${formatDuration(max)}`);
            }
            return param.as === "seconds" ? ms / 1000 : ms;
        }
        case "emails": {
            const list = typeof value === "string" ? [value] : value;
            if (!Array.isArray(list) || list.length === 0) {
                throw new Error("needs at least one e-mail address");
            }
            if (list.length > param.maxCount) {
                throw new Error(`has ${list.length} recipients, at most ${param.maxCount} allowed`);
            }
            const bad = list.filter((a) => typeof a !== "string" || !email.safeParse(a).success);
            if (bad.length > 0) {
                throw new Error(`${bad.map((b) => JSON.stringify(b)).join(", ")} ${bad.length === 1 ? "is not an e-mail address" : "are not e-mail addresses"}`);
            }
            // Activator's array arguments hold typed values (`sentTo: {type:"array", values:[{type:"string", value}]}`).
            return list.map((a) => ({ type: "string", value: a }));
        }
    }
}

export interface RenderActivatorOptions {
    /** Scope of `{{id:key}}` ids, normally the item's name; two items never share entity ids. */
    scope: string;
    /** Config path of the values, for error messages (e.g. `alerts.rules[0]`). */
    path?: string;
    /** Names in `path` for each parameter, when they differ from the parameter names (e.g. `window` <- `for`). */
    configNames?: Record<string, string>;
}

/**
 * ReflexEntities.json for `template` with `values` substituted. Throws a {@link ValidationError}
 * naming every bad or missing value by its config path, and every entity reference that does not
 * resolve.
 */
export function renderActivatorEntities(template: ParsedTemplate, values: Record<string, TemplateValue | undefined>, options: RenderActivatorOptions): unknown[] {
    const prefix = options.path ?? "";
    const resolved = new Map<string, unknown>();
    const issues: Problem[] = [];
    for (const [name, param] of Object.entries(template.parameters)) {
        try {
            resolved.set(name, resolveValue(param, values[name]));
        } catch (error) {
            issues.push({ path: joinPath(prefix, options.configNames?.[name] ?? name), message: (error as Error).message });
        }
    }
    if (issues.length > 0) {
        throw new ValidationError(`Activator "${options.scope}" cannot be rendered`, issues);
    }
    const substitute = (value: unknown): unknown => {
        if (typeof value === "string") {
            const inner = embeddedJson(value);
            if (inner !== undefined) {
                return JSON.stringify(substitute(inner));
            }
            const whole = WHOLE_PLACEHOLDER.exec(value);
            if (whole) {
                return resolved.get(whole[1]);
            }
            return value.replace(PLACEHOLDER, (_m, id: string | undefined, name: string) => {
                if (id) {
                    return stableId("reflex", options.scope, name);
                }
                const v = resolved.get(name);
                if (typeof v !== "string" && typeof v !== "number") {
                    throw new ValidationError(`Activator template for "${options.scope}" is invalid`, [{ path: joinPath(prefix, name), message: "a list cannot be embedded in text; use it as a whole JSON value" }]);
                }
                return String(v);
            });
        }
        if (Array.isArray(value)) {
            return value.map(substitute);
        }
        if (value && typeof value === "object") {
            return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v)]));
        }
        return value;
    };
    const entities = template.entities.map((e) => normalizeEntity(substitute(e) as Record<string, unknown>));
    checkReferences(entities, options.scope);
    return entities;
}

/** A view's `definition.instance` is sent as a JSON string; templates may hold it as an object for readability. */
function normalizeEntity(entity: Record<string, unknown>): Record<string, unknown> {
    const definition = (entity.payload as { definition?: { instance?: unknown } } | undefined)?.definition;
    if (definition && definition.instance && typeof definition.instance === "object") {
        definition.instance = JSON.stringify(definition.instance);
    }
    return entity;
}

/** Every `targetUniqueIdentifier` and `entityId` argument must name an entity of the same definition. */
function checkReferences(entities: Record<string, unknown>[], scope: string): void {
    const ids = new Set(entities.map((e) => String(e.uniqueIdentifier)));
    const issues: Problem[] = [];
    const seen = new Set<string>();
    entities.forEach((e, i) => {
        const id = String(e.uniqueIdentifier);
        if (seen.has(id)) {
            issues.push({ path: `entities[${i}]`, message: `uniqueIdentifier ${id} is used twice` });
        }
        seen.add(id);
    });
    const visit = (value: unknown, path: string): void => {
        if (typeof value === "string") {
            const inner = embeddedJson(value);
            if (inner !== undefined) {
                visit(inner, path);
            }
        } else if (Array.isArray(value)) {
            value.forEach((v, i) => visit(v, `${path}[${i}]`));
        } else if (value && typeof value === "object") {
            const obj = value as Record<string, unknown>;
            const target = typeof obj.targetUniqueIdentifier === "string" ? obj.targetUniqueIdentifier : obj.name === "entityId" && typeof obj.value === "string" ? obj.value : undefined;
            if (target !== undefined && !ids.has(target)) {
                issues.push({ path, message: `refers to entity ${target}, which is not in the definition` });
            }
            for (const [k, v] of Object.entries(obj)) {
                visit(v, `${path}.${k}`);
            }
        }
    };
    entities.forEach((e, i) => visit(e.payload, `entities[${i}].payload`));
    if (issues.length > 0) {
        throw new ValidationError(`Activator "${scope}" has a broken entity graph`, issues);
    }
}
