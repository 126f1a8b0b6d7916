/**
 * The plain policies: each is one value the server keeps per table, materialized view or database,
 * set whole by `.alter`, merged by `.alter-merge` and removed by `.delete`, so one module reads,
 * compares, renders and diffs all of them (https://learn.microsoft.com/kusto/management/policies):
 *
 * - JSON objects: `auto_delete`, `ingestionbatching`, `merge`, `partitioning`, `sharding`,
 *   `streamingingestion` (`.alter table T policy merge @'{...}'`, or a ``` fenced literal);
 * - flags: `ingestiontime true|false`, `restricted_view_access true|false`;
 * - `row_level_security enable|disable "Query"`.
 *
 * A JSON policy is kept as canonical JSON (keys sorted, layout dropped) and compared with key case
 * ignored, since JSON policy keys are matched without regard to case by the service; the command
 * the diff sends carries the canonical JSON. What an entity may hold follows the alter command pages
 * (auto-delete, ingestion time and restricted view access are table policies; ingestion batching,
 * merge, sharding and streaming ingestion exist for databases too; partitioning and row-level
 * security for materialized views too).
 */
import { EntityKindName, PLAIN_POLICIES, PlainPolicy, SchemaCommand, command } from "./kinds";
import type { PlainPolicies } from "./model";
import type { PlainPolicyRecord } from "./records";
import { PolicyError, parseJson } from "./normalize";
import { quoteJson, quoteName, quoteString } from "./text";

/** Where each policy may be set. */
const ENTITIES: Record<PlainPolicy, EntityKindName[]> = {
    auto_delete: ["table"],
    ingestionbatching: ["table", "database"],
    ingestiontime: ["table"],
    merge: ["table", "database"],
    partitioning: ["table", "materialized-view"],
    row_level_security: ["table", "materialized-view"],
    restricted_view_access: ["table"],
    sharding: ["table", "database"],
    streamingingestion: ["table", "database"],
};

const FLAGS = new Set<PlainPolicy>(["ingestiontime", "restricted_view_access"]);


/** JSON with keys sorted at every level. */
function canonical(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(canonical);
    if (typeof value === "object" && value !== null) {
        return Object.fromEntries(
            Object.entries(value)
                .sort(([a], [b]) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0))
                .map(([k, v]) => [k, canonical(v)]),
        );
    }
    return value;
}

const lowerKeys = (value: unknown): unknown =>
    Array.isArray(value)
        ? value.map(lowerKeys)
        : typeof value === "object" && value !== null
          ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k.toLowerCase(), lowerKeys(v)]))
          : value;

/** The form two values of a policy are compared in. */
export function comparable(value: string | undefined): string | undefined {
    return value === undefined ? undefined : JSON.stringify(lowerKeys(JSON.parse(value)));
}

/**
 * The policy value a record sets, given the entity's current value (for `.alter-merge`, which
 * merges the given properties into it). Throws PolicyError for a value the policy cannot hold.
 */
export function plainPolicyValue(r: PlainPolicyRecord, before: string | undefined): string {
    if (!ENTITIES[r.policy].includes(r.entity.kind)) {
        throw new PolicyError(`a ${r.entity.kind} has no ${r.policy} policy (it is set on: ${ENTITIES[r.policy].join(", ")})`);
    }
    if (FLAGS.has(r.policy)) {
        if (r.value.value !== "true" && r.value.value !== "false") throw new PolicyError(`expected true or false, not ${r.value.value}`);
        return r.value.value;
    }
    if (r.policy === "row_level_security") {
        if (r.query === undefined || r.query.value.trim() === "") throw new PolicyError('expected enable or disable and the query: row_level_security enable "Query"');
        return JSON.stringify({ IsEnabled: r.value.value === "enable", Query: r.query.value });
    }
    const parsed = parseJson(r.value.value);
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new PolicyError("the policy must be a JSON object");
    const merged = r.verb === "alter-merge" && before !== undefined ? { ...(JSON.parse(before) as object), ...parsed } : parsed;
    return JSON.stringify(canonical(merged));
}

/** The enabled state a value holds, for the data-loss rules of flags and streaming ingestion. */
function enabled(policy: PlainPolicy, value: string | undefined): boolean {
    if (value === undefined) return false;
    const parsed = JSON.parse(value) as unknown;
    if (typeof parsed === "boolean") return parsed;
    const flag = (lowerKeys(parsed) as Record<string, unknown>).isenabled;
    return policy === "streamingingestion" ? flag === true : flag !== false;
}

function alterText(kind: EntityKindName, name: string, policy: PlainPolicy, value: string): string {
    const head = `.alter ${kind} ${quoteName(name)} policy ${policy}`;
    if (FLAGS.has(policy)) return `${head} ${value}`;
    if (policy === "row_level_security") {
        const rls = JSON.parse(value) as { IsEnabled: boolean; Query: string };
        return `${head} ${rls.IsEnabled ? "enable" : "disable"} ${quoteString(rls.Query)}`;
    }
    return `${head} ${quoteJson(value)}`;
}

/** Why a change from `before` to `after` (undefined: deleted) loses data, or false. */
function loss(policy: PlainPolicy, before: string | undefined, after: string | undefined): string | false {
    if (policy !== "ingestiontime" && policy !== "streamingingestion") return false;
    if (!enabled(policy, before) || (after !== undefined && enabled(policy, after))) return false;
    return policy === "ingestiontime"
        ? "rows ingested from then on get no ingestion time (ingestion_time() returns null for them), which cannot be added later"
        : "streaming ingestion into the entity fails from then on: data sent by streaming is rejected";
}

/** The commands that turn an entity's plain policies `cur` into `des` (a policy absent from `des` is deleted). */
export function diffPlainPolicies(kind: EntityKindName, name: string, cur: PlainPolicies, des: PlainPolicies): SchemaCommand[] {
    const out: SchemaCommand[] = [];
    for (const policy of PLAIN_POLICIES) {
        const before = cur[policy];
        const after = des[policy];
        if (after !== undefined && comparable(before) !== comparable(after)) {
            out.push(command(`alter-${policy}-policy`, name, alterText(kind, name, policy, after), `set the ${policy} policy of ${kind} ${name}`, loss(policy, before, after)));
        } else if (after === undefined && before !== undefined) {
            out.push(command(`delete-${policy}-policy`, name, `.delete ${kind} ${quoteName(name)} policy ${policy}`, `delete the ${policy} policy of ${kind} ${name}`, loss(policy, before, undefined)));
        }
    }
    return out;
}
