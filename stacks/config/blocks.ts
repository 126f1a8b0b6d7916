/** Zod building blocks of the site schema: each checks one kind of value and says in words what it wants. */
import { z } from "zod";
import { splitPath, type Problem } from "../../components/validation";
import { describe } from "./messages";
import { regionProblem } from "../../components/azure-regions";
import { GUID } from "../../kusto/text";
import { SUBNET_ID, SUBNET_ID_SHAPE } from "../../components/cloud/rules/arm";

/**
 * What is wrong with `value` as a whole number in [min, max] (`where` qualifies the bounds, e.g.
 * " on Standard"), or undefined: a fraction is told it must be whole, not that it is out of range.
 */
export function wholeNumberIn(value: number, min: number, max: number, where = ""): string | undefined {
    if (!Number.isInteger(value)) {
        return `must be a whole number between ${min} and ${max}${where}, got ${describe(value)}`;
    }
    return value < min || value > max ? `must be between ${min} and ${max}${where}, got ${describe(value)}` : undefined;
}

/** A whole number in [min, max], with a message that names both bounds and the value given. */
export function intBetween(min: number, max: number): z.ZodNumber {
    return z
        .number({ error: (iss) => `must be a whole number between ${min} and ${max}, got ${describe(iss.input)}` })
        .check(z.refine((v) => wholeNumberIn(v, min, max) === undefined, { error: (iss) => wholeNumberIn(iss.input as number, min, max) }));
}

/** A string matching `pattern`; `rule` says in words what the pattern means. */
export function patterned(pattern: RegExp, rule: string): z.ZodString {
    return z.string({ error: (iss) => `must be a string (${rule}), got ${describe(iss.input)}` }).regex(pattern, { error: (iss) => `${rule}, got ${describe(iss.input)}` });
}

/** The ARM id of a subnet (private endpoints take their addresses from it). */
export const subnetId = (): z.ZodString => patterned(SUBNET_ID, `must be a subnet id ${SUBNET_ID_SHAPE}`);

const ARM_ID = /^\/subscriptions\/[0-9a-fA-F-]{36}\/resourceGroups\/[^/]+\/providers\/[A-Za-z]+\.[A-Za-z]+\/[^/]+\/[^/]+(\/[^/]+\/[^/]+)*$/;

/** An Azure resource id of the given provider type, e.g. `Microsoft.EventHub/namespaces`. */
export function armId(resourceType: string): z.ZodString {
    const typed = new RegExp(`/providers/${resourceType.replace(".", "\\.").replace("/", "\\/")}/[^/]+$`, "i");
    return z
        .string({ error: (iss) => `must be a ${resourceType} resource id, got ${describe(iss.input)}` })
        .check(
            z.refine((v) => ARM_ID.test(v) && typed.test(v), {
                error: (iss) => `must be a ${resourceType} resource id (/subscriptions/<uuid>/resourceGroups/<rg>/providers/${resourceType}/<name>), got ${describe(iss.input)}`,
            }),
        );
}

/** `{ stackOutput: NAME }`: a value read from the platform stack's outputs. */
export type StackOutputRef = z.ZodObject<{ stackOutput: z.ZodString }, z.core.$strict>;

export const stackOutputRef = (): StackOutputRef => z.strictObject({ stackOutput: patterned(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be a stack output name") });

/** A uuid (`what` names it: "a Fabric item id") or `{ stackOutput: NAME }` of the platform stack. */
export function uuidOrOutput(what: string, params?: Parameters<typeof z.union>[1]): z.ZodUnion<[z.ZodString, StackOutputRef]> {
    return z.union([uuid(what), stackOutputRef()], params);
}

/**
 * An id of an existing resource, given literally or as an output of the platform stack
 * (`{ stackOutput: NAME }` reads NAME from `platform.stack` through a `StackReference`).
 */
export function existingId(resourceType: string): z.ZodUnion<[z.ZodString, StackOutputRef]> {
    return z.union([armId(resourceType), stackOutputRef()], {
        error: (iss) => `must be a ${resourceType} resource id or { stackOutput: NAME }, got ${describe(iss.input)}`,
    });
}

// AIO resource names (instance, profile, dataflow, endpoint): 3-63, lowercase, digits, inner hyphens.
export const AIO_NAME = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;
// Segment of an MQTT topic and of the Event Hubs partition key site/line/asset.
const SEGMENT = /^[a-z0-9][a-z0-9-]{0,30}[a-z0-9]$/;

/** An Azure region by programmatic name (`westeurope`), one Azure lists (`regions.ts`). */
export const region = (): z.ZodString =>
    z.string({ error: (iss) => `must be an Azure region name such as westeurope, got ${describe(iss.input)}` }).check(z.refine((v) => regionProblem(v) === undefined, { error: (iss) => regionProblem(iss.input as string) }));

export const segment = (): z.ZodString => patterned(SEGMENT, "must be 2-32 lowercase letters, digits or inner hyphens");
export const uuid = (what: string): z.ZodString => patterned(GUID, `must be ${what} (uuid)`);

/** Reports a component model's issues (`repository.auth.knownHosts`, `rules[0].above`) at their config paths. */
export function addIssues(ctx: z.core.$RefinementCtx, issues: readonly Problem[]): void {
    for (const issue of issues) {
        ctx.addIssue({ code: "custom", path: splitPath(issue.path), message: issue.message });
    }
}

export const seconds = (): z.ZodNumber => z.number({ error: (iss) => `must be a number of seconds, got ${describe(iss.input)}` });

export const queryUri = (): z.ZodUnion<[z.ZodString, StackOutputRef]> =>
    z.union([patterned(/^https:\/\/[A-Za-z0-9.-]+(:\d+)?\/?$/, "must be an https query URI such as https://<cluster>.<region>.kusto.windows.net"), stackOutputRef()], {
        error: (iss) => `must be an https query URI or { stackOutput: NAME }, got ${describe(iss.input)}`,
    });

export const durationText = (what: string): z.ZodString => z.string({ error: (iss) => `must be ${what} such as "6h" or "30s", got ${describe(iss.input)}` });
