/**
 * Blob lifecycle rules: validation (ages increase, each tier's minimum stay is respected, archive only
 * where the redundancy allows it, no delete inside an immutability window) and rendering into the
 * `storage.ManagementPolicy` policy document. Pure: no Pulumi, no I/O.
 */
import {
    ARCHIVE_CAPABLE_SKUS,
    LIFECYCLE_MAX_RULES,
    LIFECYCLE_RULE_NAME_MAX,
    LIFECYCLE_SOURCE,
    TIER_MINIMUM_DAYS,
    TIERS_SOURCE,
    type BlobTier,
} from "./limits";
import { type Problem, Problems, ValidationError } from "../../validation";

/** Ages (days since last modification) at which blobs under one container prefix move on. */
export interface LifecycleRule {
    /** Container the rule applies to. */
    container: string;
    /** Blob name prefix inside the container (without the container name). Default: every blob in it. */
    prefix?: string;
    /** Move to the cool tier after this many days. Integer ≥ 0. Default: not moved to cool. */
    coolAfterDays?: number;
    /** Move to the cold tier after this many days. Default: not moved to cold. */
    coldAfterDays?: number;
    /** Move to the archive tier after this many days (offline; see rehydration). Default: not archived. */
    archiveAfterDays?: number;
    /** Delete after this many days (also the versions and snapshots it leaves). Default: never deleted. */
    deleteAfterDays?: number;
}

export interface LifecycleContext {
    /** Storage account SKU (`Standard_RAGRS`, ...): archive is refused where the redundancy lacks it. */
    skuName: string;
    /** Time-based immutability in days per container name, if any: deletes inside it are refused. */
    immutabilityDays?: Readonly<Record<string, number>>;
    /** Whether blob versioning is on: deletes then also remove previous versions. */
    versioning: boolean;
}

/** The `ManagementPolicySchemaArgs` shape, plain (structurally what azure-native takes). */
export interface LifecyclePolicyDocument {
    rules: {
        name: string;
        enabled: boolean;
        type: "Lifecycle";
        definition: {
            filters: { blobTypes: string[]; prefixMatch: string[] };
            actions: {
                baseBlob: Partial<Record<"tierToCool" | "tierToCold" | "tierToArchive" | "delete", { daysAfterModificationGreaterThan: number }>>;
                version?: { delete: { daysAfterCreationGreaterThan: number } };
                snapshot?: { delete: { daysAfterCreationGreaterThan: number } };
            };
        };
    }[];
}

type Step = BlobTier | "delete";
const STEPS: readonly { step: Step; prop: keyof LifecycleRule }[] = [
    { step: "cool", prop: "coolAfterDays" },
    { step: "cold", prop: "coldAfterDays" },
    { step: "archive", prop: "archiveAfterDays" },
    { step: "delete", prop: "deleteAfterDays" },
];

/** Azure container names: 3–63 characters, lowercase letters, digits and single hyphens, starting and ending with a letter or digit. */
const CONTAINER_NAME = /^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$/;

/** Whether `name` is a valid blob container name. */
export function isContainerName(name: string): boolean {
    return CONTAINER_NAME.test(name);
}

/** The steps a rule sets, in lifecycle order, with their ages. */
function stepsOf(rule: LifecycleRule): { step: Step; prop: string; days: number }[] {
    return STEPS.filter((s) => rule[s.prop] !== undefined).map((s) => ({ step: s.step, prop: s.prop, days: rule[s.prop] as number }));
}

/** The rule's name in the policy: container and prefix, with characters outside [A-Za-z0-9-] made `-`. */
export function lifecycleRuleName(rule: LifecycleRule): string {
    return `${rule.container}${rule.prefix ? `-${rule.prefix}` : ""}`.replace(/[^A-Za-z0-9-]/g, "-");
}

function validateRule(p: Problems, at: string, rule: LifecycleRule, ctx: LifecycleContext): void {
    p.require(isContainerName(rule.container), `${at}.container`, `"${rule.container}" is not a valid container name (3-63 lowercase letters, digits and single hyphens)`);
    p.require(rule.prefix === undefined || (rule.prefix.length > 0 && !rule.prefix.startsWith("/")), `${at}.prefix`, `must be a non-empty blob name prefix without a leading "/" (the container name is added), got "${rule.prefix}"`);
    const steps = stepsOf(rule);
    p.require(steps.length > 0, at, "sets no action: give at least one of coolAfterDays, coldAfterDays, archiveAfterDays, deleteAfterDays");
    for (const s of steps) {
        p.integerIn(s.days, `${at}.${s.prop}`, 0, 36_500);
    }
    for (let i = 1; i < steps.length; i++) {
        const prev = steps[i - 1];
        const cur = steps[i];
        if (cur.days <= prev.days) {
            p.require(false, `${at}.${cur.prop}`, `must be greater than ${prev.prop} (${prev.days}), got ${cur.days}: ages must increase cool < cold < archive < delete`);
            continue;
        }
        const stay = TIER_MINIMUM_DAYS[prev.step as BlobTier];
        p.require(
            cur.days - prev.days >= stay,
            `${at}.${cur.prop}`,
            `${cur.step === "delete" ? "deleting" : `moving to ${cur.step}`} ${cur.days - prev.days} days after the move to ${prev.step} breaks the ${prev.step} tier's minimum stay of ${stay} days (early deletion is billed, ${TIERS_SOURCE}); set ${cur.prop} to at least ${prev.days + stay}`,
        );
    }
    if (rule.archiveAfterDays !== undefined) {
        p.require(
            ARCHIVE_CAPABLE_SKUS.includes(ctx.skuName),
            `${at}.archiveAfterDays`,
            `the archive tier is not available on ${ctx.skuName} (only ${ARCHIVE_CAPABLE_SKUS.join(", ")}; ${TIERS_SOURCE}); use sku "Standard_RAGRS" or "Standard_GRS", or stop at coldAfterDays`,
        );
    }
    const locked = ctx.immutabilityDays?.[rule.container];
    if (rule.deleteAfterDays !== undefined && locked !== undefined) {
        p.require(
            rule.deleteAfterDays > locked,
            `${at}.deleteAfterDays`,
            `${rule.deleteAfterDays} days is inside container "${rule.container}"'s immutability period of ${locked} days, so the delete would fail on protected blobs; set it above ${locked}`,
        );
    }
}

/** Every problem of the rules (empty when they render), each with its path under `prop`. */
export function validateLifecycle(rules: readonly LifecycleRule[], ctx: LifecycleContext, prop = "lifecycle"): Problem[] {
    const p = new Problems("lifecycle policy");
    p.require(rules.length <= LIFECYCLE_MAX_RULES, prop, `has ${rules.length} rules; a policy holds at most ${LIFECYCLE_MAX_RULES} (${LIFECYCLE_SOURCE})`);
    const seen = new Map<string, number>();
    rules.forEach((rule, i) => {
        const at = `${prop}[${i}]`;
        validateRule(p, at, rule, ctx);
        const name = lifecycleRuleName(rule);
        p.require(name.length <= LIFECYCLE_RULE_NAME_MAX, at, `rule name "${name.slice(0, 40)}..." is longer than ${LIFECYCLE_RULE_NAME_MAX} characters (${LIFECYCLE_SOURCE}); shorten the prefix`);
        const dup = seen.get(name);
        p.require(dup === undefined, at, `covers the same container and prefix as ${prop}[${dup}] (rule name "${name}"); merge them`);
        seen.set(name, i);
    });
    return [...p.all];
}

/** Renders validated rules into the policy document (one policy rule per lifecycle rule, block blobs only). */
export function renderLifecyclePolicy(rules: readonly LifecycleRule[], ctx: LifecycleContext): LifecyclePolicyDocument {
    ValidationError.throwIfAny("lifecycle policy", validateLifecycle(rules, ctx));
    const actionName: Record<Step, "tierToCool" | "tierToCold" | "tierToArchive" | "delete"> = { cool: "tierToCool", cold: "tierToCold", archive: "tierToArchive", delete: "delete" };
    return {
        rules: rules.map((rule) => {
            const baseBlob: LifecyclePolicyDocument["rules"][number]["definition"]["actions"]["baseBlob"] = {};
            for (const s of stepsOf(rule)) {
                baseBlob[actionName[s.step]] = { daysAfterModificationGreaterThan: s.days };
            }
            // A base blob is only gone once its versions and snapshots are: delete those on the same schedule.
            const leftovers = rule.deleteAfterDays === undefined ? {} : { snapshot: { delete: { daysAfterCreationGreaterThan: rule.deleteAfterDays } }, ...(ctx.versioning ? { version: { delete: { daysAfterCreationGreaterThan: rule.deleteAfterDays } } } : {}) };
            return {
                name: lifecycleRuleName(rule),
                enabled: true,
                type: "Lifecycle" as const,
                definition: {
                    filters: { blobTypes: ["blockBlob"], prefixMatch: [`${rule.container}/${rule.prefix ?? ""}`] },
                    actions: { baseBlob, ...leftovers },
                },
            };
        }),
    };
}
