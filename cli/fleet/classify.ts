/**
 * Reading what the engine said: drift from refresh-preview events, and the class of a failure from
 * the Automation API's error. Pure: takes the events and error fields, no Pulumi calls, so the
 * rules are tested on their own.
 */
import type { DriftedResource, ErrorClass } from "./records";

/** The part of a Pulumi engine event (`@pulumi/pulumi/automation` `EngineEvent`) read here. */
export interface StepEventLike {
    resOutputsEvent?: { metadata: StepMetadataLike };
    resourcePreEvent?: { metadata: StepMetadataLike };
}
export interface StepMetadataLike {
    op: string;
    urn: string;
    type: string;
    diffs?: string[];
    detailedDiff?: Record<string, unknown>;
}

/** Ops that mean the cloud and the state agree. */
const UNCHANGED_OPS = new Set(["same", "read"]);

/**
 * Drifted resources from the events of `refresh --preview-only`: a step whose op is not `same`, or
 * a `refresh` step carrying property diffs. Never from the exit code: with `--expect-no-changes` a
 * drift and a crash both surface as the same `CommandError` (code -2, `@pulumi/pulumi` `automation/errors.js`). One entry per
 * URN (the pre and outputs events of one step are merged), sorted by URN.
 */
export function driftFromEvents(events: readonly StepEventLike[]): DriftedResource[] {
    const byUrn = new Map<string, DriftedResource>();
    for (const event of events) {
        const meta = event.resOutputsEvent?.metadata ?? event.resourcePreEvent?.metadata;
        if (!meta || UNCHANGED_OPS.has(meta.op) || meta.type === "pulumi:pulumi:Stack") {
            continue;
        }
        const properties = [...(meta.diffs ?? []), ...Object.keys(meta.detailedDiff ?? {})];
        if (meta.op === "refresh" && properties.length === 0) {
            continue;
        }
        const prior = byUrn.get(meta.urn);
        const merged = new Set([...(prior?.properties ?? []), ...properties]);
        byUrn.set(meta.urn, { urn: meta.urn, type: meta.type, op: meta.op, properties: [...merged].sort() });
    }
    return [...byUrn.values()].sort((a, b) => (a.urn < b.urn ? -1 : 1));
}

/** Counts of changing ops in a change summary (everything but `same`). */
export function changedCount(summary: Readonly<Record<string, number>>): number {
    return Object.entries(summary).reduce((n, [op, count]) => (UNCHANGED_OPS.has(op) ? n : n + count), 0);
}

const THROTTLED = /\b429\b|too many requests|rate limit(ed)?\b|throttl/i;

/**
 * The class of an Automation API failure from the error's name (its subclasses) and text. A lock
 * conflict is `ConcurrentUpdateError` (409 from Pulumi Cloud, or "the stack is currently locked by"
 * on a self-managed backend); throttling is a 429 / rate-limit text anywhere in the output.
 */
export function classifyError(error: { name?: string; message?: string }): ErrorClass {
    if (error.name === "ConcurrentUpdateError") {
        return "lock";
    }
    if (error.name === "StackNotFoundError") {
        return "not-found";
    }
    return THROTTLED.test(error.message ?? "") ? "throttled" : "failed";
}

export function isRetryable(errorClass: ErrorClass): boolean {
    return errorClass === "lock" || errorClass === "throttled";
}

/** The useful tail of a CLI error: its stderr's last non-empty lines, at most `max` characters. */
export function errorExcerpt(message: string, max = 600): string {
    const stderr = /stderr:\s*([\s\S]*?)(?:\n\s*err\?:|$)/.exec(message)?.[1] ?? message;
    // execa prefixes stderr with "Command failed with exit code N: <argv>", which says nothing new.
    const lines = stderr.split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("Command failed with exit code"));
    const tail = lines.slice(-6).join("\n");
    return tail.length > max ? `...${tail.slice(-max)}` : tail;
}
