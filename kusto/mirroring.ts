/**
 * The mirroring policy (OneLake availability, Fabric only) as a schema object:
 * `.alter[-merge] table T policy mirroring [partition by (...)] dataformat=parquet [with (IsEnabled=true,
 * TargetLatencyInMinutes=5..180, Backfill=bool, EffectiveDateTime=datetime(...))]`
 * (mirroring-policy.md, alter-merge-mirroring-policy-command.md).
 *
 * Its constraints become diff rules:
 * - a mirrored table's schema cannot be altered (a column type change, a column reorder): the diff
 *   disables the policy, alters the table and enables the policy again, in the one script; enabling
 *   it again backfills the OneLake copy;
 * - `.delete table T policy mirroring` permanently deletes the delta table in OneLake: data loss,
 *   refused unless allowed, and named in the refusal.
 * Backfill and EffectiveDateTime are options of the command that turns mirroring on, not state the
 * server reports back, so they are sent but never compared.
 */
import { CommandKind, SchemaCommand, command } from "./kinds";
import type { Token } from "./lexer";
import type { Named, Literal } from "./records";
import type { MirroringPolicy, SchemaModel, TableModel } from "./model";
import { decodeStringLiteral, quoteName } from "./text";

export interface MirroringRecord {
    kind: "mirroring";
    table: Named;
    partitionBy?: Literal;
    format: Literal;
    properties: Record<string, Literal>;
}

/** The documented range of TargetLatencyInMinutes. */
export const TARGET_LATENCY_MINUTES = { min: 5, max: 180 } as const;

const PROPERTIES = ["isenabled", "targetlatencyinminutes", "backfill", "effectivedatetime"];

/** Reads a mirroring policy command from its tokens, or undefined when it is not one (or malformed). */
export function readMirroringCommand(tokens: Token[], text: string): MirroringRecord | undefined {
    const t = tokens.filter((x) => x.type !== "end");
    let i = 0;
    const word = (...allowed: string[]): Token | undefined => {
        const x = t[i];
        if (x?.type === "word" && (!allowed.length || allowed.includes(x.text.toLowerCase()))) {
            i++;
            return x;
        }
        return undefined;
    };
    const punct = (p: string): Token | undefined => (t[i]?.type === "punct" && t[i].text === p ? t[i++] : undefined);
    if (!punct(".") || !word("alter", "alter-merge") || !word("table")) return undefined;
    const name = t[i];
    let table: Named | undefined;
    if (name?.type === "word" && /^[A-Za-z_][A-Za-z0-9_]*$/.test(name.text)) {
        table = { name: name.text, at: name.start };
        i++;
    } else if (punct("[") && t[i]?.type === "string") {
        table = { name: decodeStringLiteral(t[i].text) ?? "", at: t[i].start };
        i++;
        if (!punct("]")) return undefined;
    }
    if (!table || !word("policy") || !word("mirroring")) return undefined;
    let partitionBy: Literal | undefined;
    if (word("partition")) {
        if (!word("by")) return undefined;
        const open = punct("(");
        if (!open) return undefined;
        let depth = 1;
        while (i < t.length && depth > 0) {
            const x = t[i++];
            if (x.type === "punct" && x.text === "(") depth++;
            if (x.type === "punct" && x.text === ")") depth--;
            if (depth === 0) partitionBy = { value: text.slice(open.end, x.start).replace(/\s+/g, " ").trim(), at: open.end };
        }
        if (!partitionBy) return undefined;
    }
    if (!word("dataformat") || !punct("=")) return undefined;
    const formatToken = t[i++];
    if (formatToken?.type !== "word") return undefined;
    const format = { value: formatToken.text, at: formatToken.start };
    const properties: Record<string, Literal> = {};
    if (word("with")) {
        if (!punct("(")) return undefined;
        for (;;) {
            const key = word();
            if (!key || !punct("=")) return undefined;
            const value = t[i++];
            if (!value || value.type === "punct") return undefined;
            properties[key.text.toLowerCase()] = { value: value.text, at: value.start };
            if (punct(",")) continue;
            if (!punct(")")) return undefined;
            break;
        }
    }
    return i === t.length ? { kind: "mirroring", table, partitionBy, format, properties } : undefined;
}

/**
 * Applies a mirroring record to the table it names (`.alter-merge` merges into the table's policy,
 * `.alter` would replace it; the scripts in `kql/` use one command per table, so both set it).
 * Problems go to `report` with the offset they are at.
 */
export function applyMirroring(table: TableModel, r: MirroringRecord, report: (at: number, message: string) => void): void {
    const problems = (at: number, message: string) => report(at, `mirroring policy of ${table.name}: ${message}`);
    if (r.format.value.toLowerCase() !== "parquet") {
        problems(r.format.at, `dataformat must be parquet (the only format OneLake availability writes), got ${r.format.value}`);
    }
    const policy: MirroringPolicy = { ...(table.mirroring ?? { isEnabled: true }) };
    if (r.partitionBy) policy.partitionBy = r.partitionBy.value;
    for (const [key, value] of Object.entries(r.properties)) {
        if (!PROPERTIES.includes(key)) {
            problems(value.at, `unknown property '${key}' (allowed: IsEnabled, TargetLatencyInMinutes, Backfill, EffectiveDateTime)`);
        } else if (key === "isenabled" || key === "backfill") {
            if (value.value !== "true" && value.value !== "false") problems(value.at, `${key === "isenabled" ? "IsEnabled" : "Backfill"} must be true or false, got ${value.value}`);
            else if (key === "isenabled") policy.isEnabled = value.value === "true";
            else policy.backfill = value.value === "true";
        } else if (key === "targetlatencyinminutes") {
            const minutes = Number(value.value);
            if (!Number.isInteger(minutes) || minutes < TARGET_LATENCY_MINUTES.min || minutes > TARGET_LATENCY_MINUTES.max) {
                problems(value.at, `TargetLatencyInMinutes must be a whole number from ${TARGET_LATENCY_MINUTES.min} to ${TARGET_LATENCY_MINUTES.max}, got ${value.value}`);
            } else {
                policy.targetLatencyInMinutes = minutes;
            }
        } else if (!/^datetime\(.+\)$/.test(value.value)) {
            problems(value.at, `EffectiveDateTime must be a datetime(...) literal, got ${value.value}`);
        } else {
            policy.effectiveDateTime = value.value;
        }
    }
    table.mirroring = policy;
}

/** `wasEnabled`: the live policy is enabled now (turning it off then stops the OneLake copy). */
function mirroringCommand(table: string, p: MirroringPolicy, wasEnabled = false): SchemaCommand {
    const props = [`IsEnabled=${p.isEnabled}`];
    if (p.targetLatencyInMinutes !== undefined) props.push(`TargetLatencyInMinutes=${p.targetLatencyInMinutes}`);
    if (p.backfill !== undefined) props.push(`Backfill=${p.backfill}`);
    if (p.effectiveDateTime !== undefined) props.push(`EffectiveDateTime=${p.effectiveDateTime}`);
    const partition = p.partitionBy ? ` partition by (${p.partitionBy})` : "";
    return command(
        "alter-mirroring-policy",
        table,
        `.alter-merge table ${quoteName(table)} policy mirroring${partition} dataformat=parquet with (${props.join(", ")})`,
        `${p.isEnabled ? "set" : "disable"} the mirroring policy (OneLake availability) of ${table}`,
        wasEnabled && !p.isEnabled,
    );
}

/** What the diff compares: the state the server keeps (not the one-shot Backfill/EffectiveDateTime). */
const compared = (p: MirroringPolicy | undefined): string => JSON.stringify(p ? [p.isEnabled, p.partitionBy ?? null, p.targetLatencyInMinutes ?? null] : null);

/** Kinds that alter a table's schema, which Kusto refuses while the table is mirrored. */
const SCHEMA_CHANGES = new Set<CommandKind>(["alter-column-type", "reorder-columns"]);

/**
 * The mirroring commands between two models, given the commands the rest of the diff produced:
 * policy changes and deletions, and a disable before any schema change of a mirrored table (with
 * the policy set again after it).
 */
export function diffMirroring(current: SchemaModel, desired: SchemaModel, commands: SchemaCommand[]): SchemaCommand[] {
    const out: SchemaCommand[] = [];
    for (const cur of Object.values(current.tables)) {
        const des = desired.tables[cur.name];
        if (cur.mirroring && des && !des.mirroring) {
            out.push(command("delete-mirroring-policy", cur.name, `.delete table ${quoteName(cur.name)} policy mirroring`, `delete the mirroring policy of ${cur.name}`));
        }
    }
    for (const des of Object.values(desired.tables)) {
        if (!des.mirroring) continue;
        const cur = current.tables[des.name];
        const altered = cur?.mirroring?.isEnabled === true && commands.some((c) => SCHEMA_CHANGES.has(c.kind) && (c.target === des.name || c.target.startsWith(`${des.name}.`)));
        if (altered) {
            out.push(command("disable-mirroring-policy", des.name, mirroringCommand(des.name, { isEnabled: false }).text, `disable the mirroring policy of ${des.name} while its schema changes (it is enabled again, with a backfill, later in this script)`));
        }
        if (altered || compared(cur?.mirroring) !== compared(des.mirroring)) {
            out.push(mirroringCommand(des.name, des.mirroring, cur?.mirroring?.isEnabled === true && !altered));
        }
    }
    return out;
}
