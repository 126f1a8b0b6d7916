/**
 * Message translation: zod issues become config problems a site author can act on (`must be …, got …`,
 * did-you-mean for unknown keys and misspelt options).
 */
import { z } from "zod";
import { didYouMean, joinPath, type Problem } from "../../components/validation";
import { SITE_KEY } from "./keys";

/**
 * The problems one zod issue of `schema` stands for, in the config's words, each at its path under
 * `prefix` (by default the site's config path, `edge-fabric:site.eventHubs.partitions`).
 */
export function toProblems(issue: z.core.$ZodIssue, root: unknown, schema: z.core.$ZodType, prefix: string = SITE_KEY): Problem[] {
    const path = issue.path.filter((s): s is string | number => typeof s !== "symbol");
    return inWords(issue, path, root, schema).map(({ at, message }) => ({ path: joinPath(prefix, ...at), message }));
}

function inWords(issue: z.core.$ZodIssue, path: (string | number)[], root: unknown, schema: z.core.$ZodType): { at: (string | number)[]; message: string }[] {
    switch (issue.code) {
        case "unrecognized_keys": {
            const known = knownKeysAt(schema, path, root);
            return issue.keys.map((k) => ({ at: [...path, k], message: `unknown key${didYouMean(k, known)}` }));
        }
        case "invalid_type":
            return [{ at: path, message: issue.input === undefined ? `is required (${issue.expected})` : `must be ${typeof issue.input === "number" ? "a finite number" : article(issue.expected)}, got ${describe(issue.input)}` }];
        case "invalid_value": {
            if (!issue.message.startsWith("Invalid option")) {
                return [{ at: path, message: issue.message }];
            }
            const options = issue.values.map((o) => String(o));
            const hint = typeof issue.input === "string" ? didYouMean(issue.input, options, false) : "";
            return [{ at: path, message: `must be one of ${options.join(", ")}, got ${describe(issue.input)}${hint}` }];
        }
        case "too_small":
            return [{ at: path, message: issue.message.startsWith("Too small") ? (issue.origin === "number" ? `must be at least ${String(issue.minimum)}` : `must have at least ${String(issue.minimum)} ${issue.origin === "string" ? "characters" : "entries"}`) : issue.message }];
        case "too_big":
            return [{ at: path, message: issue.message.startsWith("Too big") ? (issue.origin === "number" ? `must be at most ${String(issue.maximum)}` : `must have at most ${String(issue.maximum)} ${issue.origin === "string" ? "characters" : "entries"}`) : issue.message }];
        default:
            return [{ at: path, message: issue.message }];
    }
}

type SchemaLike = z.core.$ZodType;

/** The keys an object schema at `path` accepts (for did-you-mean), looking through defaults, unions and arrays. */
function knownKeysAt(schema: SchemaLike, path: (string | number)[], input: unknown): string[] {
    const s = unwrap(schema, input);
    if (path.length === 0) {
        return s instanceof z.ZodObject ? Object.keys(s.shape) : [];
    }
    const [head, ...rest] = path;
    const child = input !== null && typeof input === "object" ? (input as Record<string | number, unknown>)[head] : undefined;
    if (s instanceof z.ZodObject && typeof head === "string" && head in s.shape) {
        return knownKeysAt(s.shape[head] as SchemaLike, rest, child);
    }
    if (s instanceof z.ZodArray && typeof head === "number") {
        return knownKeysAt(s.element, rest, child);
    }
    return [];
}

function unwrap(schema: SchemaLike, input: unknown): SchemaLike {
    let s = schema;
    for (;;) {
        if (s instanceof z.ZodDefault || s instanceof z.ZodOptional || s instanceof z.ZodNullable) {
            s = s.unwrap();
        } else if (s instanceof z.ZodUnion) {
            // A discriminated union: pick the option whose literal tag (`kind`, `mode`, `type`) matches the input; else the first object option.
            const options = s.options as SchemaLike[];
            const given = input !== null && typeof input === "object" ? (input as Record<string, unknown>) : {};
            const match = options.find((o) => o instanceof z.ZodObject && Object.entries(o.shape).some(([k, field]) => field instanceof z.ZodLiteral && field.value === given[k]));
            s = match ?? options.find((o) => o instanceof z.ZodObject) ?? options[0];
            if (!(s instanceof z.ZodUnion)) {
                continue;
            }
            return s;
        } else {
            return s;
        }
    }
}


/** `must be one of "a", "b", got "c" (did you mean "a"?)` for a discriminated union's tag `key` (the issue's path ends at it). */
export function oneOf(key: string, input: unknown, options: string[]): string {
    const value = input !== null && typeof input === "object" ? (input as Record<string, unknown>)[key] : undefined;
    return `must be one of ${options.map((o) => `"${o}"`).join(", ")}, got ${describe(value)}${typeof value === "string" ? didYouMean(value, options, false) : ""}`;
}

function article(type: string): string {
    return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

export function describe(value: unknown): string {
    // JSON has no infinity or NaN (JSON.stringify writes null): name them as YAML spells them.
    if (typeof value === "number" && !Number.isFinite(value)) {
        return Number.isNaN(value) ? ".nan (not a number)" : `${value > 0 ? "" : "-"}.inf (infinity)`;
    }
    if (typeof value === "string") {
        return JSON.stringify(value);
    }
    if (value === undefined) {
        return "nothing";
    }
    if (Array.isArray(value)) {
        return "a list";
    }
    if (value !== null && typeof value === "object") {
        return "an object";
    }
    return JSON.stringify(value) ?? typeof value;
}
