/**
 * The database's managed identity policy as a schema object (managed-identity-policy.md,
 * alter-managed-identity-policy-command.md, alter-merge-managed-identity-policy-command.md):
 * `.alter[-merge] database DB policy managed_identity ```[{"ObjectId":"system","AllowedUsages":"ExternalTable, AutomatedFlows"}]````
 *
 * Why the engine models it: on ADX a continuous export that runs as a managed identity
 * (`managedIdentity="system"`) into an external table that authenticates with one
 * (`;managed_identity=system`) is refused unless the policy allows that identity for
 * `AutomatedFlows` and `ExternalTable`. The policy is additive across the cluster and database
 * levels; the engine manages the database level, the narrowest that works.
 *
 * Who may run it: the docs require AllDatabasesAdmin (a cluster role) to create or alter the
 * policy, even the database-level one; Database Admin is not enough.
 *
 * Diff rules:
 * - the desired side's entries are a floor, never a ceiling: when the live policy lacks a usage the
 *   scripts declare, the diff sends `.alter-merge` (which adds identities and usages and keeps the
 *   rest). It never removes an identity or usage: removing one loses no data, but silently breaks
 *   whatever runs as it (the archive export fails every run, and the service disables it after 7
 *   days), and a usage someone else granted is not the scripts' to take away. Remove one by hand
 *   (`.delete database DB policy managed_identity`, or `.alter` with the smaller list);
 * - it runs after the tables and their policies and before the external tables, continuous exports
 *   and update policies that may run as the identity.
 */
import { SchemaCommand, command } from "./kinds";
import type { Token } from "./lexer";
import type { Literal, Named } from "./records";
import type { ManagedIdentityEntry, SchemaModel } from "./model";
import { decodeStringLiteral, quoteName } from "./text";
import { GUID } from "./text";

export interface ManagedIdentityRecord {
    kind: "managed-identity";
    verb: "alter" | "alter-merge";
    database: Named;
    json: Literal;
}

/** The documented usages, in their canonical spelling. */
export const MANAGED_IDENTITY_USAGES = ["All", "AutomatedFlows", "AzureAI", "DataConnection", "ExternalTable", "NativeIngestion", "SandboxArtifacts", "SqlRequest"] as const;

/** What a continuous export into an external table needs when both run as a managed identity. */
export const EXPORT_USAGES = ["AutomatedFlows", "ExternalTable"];

const USAGE_BY_LOWER = new Map<string, string>(MANAGED_IDENTITY_USAGES.map((u) => [u.toLowerCase(), u]));
/** The properties a script may set; the server fills in the rest (ClientId, TenantId, IsSystem, ...). */
const SETTABLE = new Set(["objectid", "allowedusages", "displayname"]);

/** Reads `.alter[-merge] database DB policy managed_identity <string>`, or undefined when it is not one. */
export function readManagedIdentityCommand(tokens: Token[]): ManagedIdentityRecord | undefined {
    const t = tokens.filter((x) => x.type !== "end");
    const isWord = (i: number, ...w: string[]): boolean => t[i]?.type === "word" && w.includes(t[i].text);
    if (t[0]?.text !== "." || !isWord(1, "alter", "alter-merge") || !isWord(2, "database")) return undefined;
    let i = 3;
    let database: Named | undefined;
    if (t[i]?.type === "word" && /^[A-Za-z_][A-Za-z0-9_]*$/.test(t[i].text)) {
        database = { name: t[i].text, at: t[i].start };
        i++;
    } else if (t[i]?.text === "[" && t[i + 1]?.type === "string" && t[i + 2]?.text === "]") {
        const name = decodeStringLiteral(t[i + 1].text);
        if (!name) return undefined;
        database = { name, at: t[i + 1].start };
        i += 3;
    }
    if (!database || !isWord(i, "policy") || !isWord(i + 1, "managed_identity") || t[i + 2]?.type !== "string" || t.length !== i + 3) return undefined;
    const value = decodeStringLiteral(t[i + 2].text);
    if (value === undefined) return undefined;
    return { kind: "managed-identity", verb: t[1].text as "alter" | "alter-merge", database, json: { value, at: t[i + 2].start } };
}

/**
 * The entries of a policy's JSON (a script's argument, or the `Policy` column of `.show database DB
 * policy managed_identity`). `strict` (the desired side) rejects properties the server fills in.
 * Problems go to `report`; what is valid is returned.
 */
export function managedIdentityEntries(json: string, strict: boolean, report: (message: string) => void): ManagedIdentityEntry[] {
    let parsed: unknown;
    try {
        parsed = JSON.parse(json.trim() === "" ? "null" : json);
    } catch (error) {
        report(`invalid JSON: ${(error as Error).message}`);
        return [];
    }
    if (parsed === null) return [];
    if (!Array.isArray(parsed)) {
        report("must be a JSON array of {ObjectId, AllowedUsages} objects");
        return [];
    }
    const entries: ManagedIdentityEntry[] = [];
    for (const [n, item] of parsed.entries()) {
        const where = `entry ${n + 1}`;
        if (typeof item !== "object" || item === null || Array.isArray(item)) {
            report(`${where} must be an object`);
            continue;
        }
        const props = Object.fromEntries(Object.entries(item as Record<string, unknown>).map(([k, v]) => [k.toLowerCase(), v]));
        if (strict) {
            for (const key of Object.keys(item as object)) {
                if (!SETTABLE.has(key.toLowerCase())) report(`${where}: property '${key}' is filled in by the service; a script sets only ObjectId, AllowedUsages and DisplayName`);
            }
        }
        const objectId = props.objectid;
        if (typeof objectId !== "string" || (objectId !== "system" && !GUID.test(objectId))) {
            report(`${where}: ObjectId must be "system" (the cluster's system-assigned identity) or an object id, got ${JSON.stringify(objectId)}`);
            continue;
        }
        const usages = typeof props.allowedusages === "string" ? props.allowedusages.split(",").map((u) => u.trim()).filter((u) => u !== "") : [];
        if (!usages.length) {
            report(`${where}: AllowedUsages must be a comma-separated list of ${MANAGED_IDENTITY_USAGES.join(", ")}`);
            continue;
        }
        const known = usages.map((u) => USAGE_BY_LOWER.get(u.toLowerCase()));
        const unknown = usages.filter((_, k) => known[k] === undefined);
        if (unknown.length) report(`${where}: unknown usage(s) ${unknown.join(", ")} (allowed: ${MANAGED_IDENTITY_USAGES.join(", ")})`);
        entries.push({ objectId, allowedUsages: [...new Set(known.filter((u): u is string => u !== undefined))].sort() });
    }
    return entries;
}

/** `base` with `added` merged in, as `.alter-merge` does: new identities added, usages of known ones unioned. */
export function mergeManagedIdentity(base: ManagedIdentityEntry[], added: ManagedIdentityEntry[]): ManagedIdentityEntry[] {
    const out = new Map(base.map((e) => [e.objectId, [...e.allowedUsages]]));
    for (const e of added) out.set(e.objectId, [...new Set([...(out.get(e.objectId) ?? []), ...e.allowedUsages])].sort());
    return [...out].map(([objectId, allowedUsages]) => ({ objectId, allowedUsages }));
}

/** Applies a record to the model: `.alter` replaces the database's policy, `.alter-merge` merges into it. */
export function applyManagedIdentity(model: SchemaModel, r: ManagedIdentityRecord, strict: boolean, report: (at: number, message: string) => void): void {
    const db = model.database;
    if (db.name !== undefined && db.name !== r.database.name) {
        report(r.database.at, `managed identity policy of database ${r.database.name}: the scripts already name database ${db.name}; one schema is one database`);
        return;
    }
    const entries = managedIdentityEntries(r.json.value, strict, (message) => report(r.json.at, `managed identity policy of database ${r.database.name}: ${message}`));
    db.name = r.database.name;
    db.managedIdentity = r.verb === "alter" ? mergeManagedIdentity([], entries) : mergeManagedIdentity(db.managedIdentity ?? [], entries);
}

/** The desired usages the current policy does not grant yet (`All` grants every usage). */
function missing(current: ManagedIdentityEntry[], desired: ManagedIdentityEntry[]): ManagedIdentityEntry[] {
    return desired
        .map((d) => {
            const have = current.find((c) => c.objectId === d.objectId)?.allowedUsages ?? [];
            return { objectId: d.objectId, allowedUsages: have.includes("All") ? [] : d.allowedUsages.filter((u) => !have.includes(u)) };
        })
        .filter((e) => e.allowedUsages.length > 0);
}

/** The policy command for `entries` (`.alter-merge`: it adds, and keeps what is there). */
export function managedIdentityCommand(database: string, entries: ManagedIdentityEntry[]): string {
    const json = JSON.stringify(entries.map((e) => ({ ObjectId: e.objectId, AllowedUsages: e.allowedUsages.join(", ") })));
    return `.alter-merge database ${quoteName(database)} policy managed_identity \`\`\`${json}\`\`\``;
}

/** The command that grants what the desired policy declares and the current one lacks; none when nothing is missing. */
export function diffManagedIdentity(current: SchemaModel, desired: SchemaModel): SchemaCommand[] {
    const name = desired.database.name;
    const want = desired.database.managedIdentity;
    if (name === undefined || !want) return [];
    const lacking = missing(current.database.managedIdentity ?? [], want);
    if (!lacking.length) return [];
    const who = (id: string): string => (id === "system" ? "the cluster's system-assigned identity" : `identity ${id}`);
    return [
        command(
            "alter-managed-identity-policy",
            name,
            managedIdentityCommand(name, want),
            `allow ${lacking.map((e) => `${who(e.objectId)} for ${e.allowedUsages.join(", ")}`).join("; ")} in database ${name} (merged: other identities and usages stay; needs AllDatabasesAdmin)`,
        ),
    ];
}

/** The policy as a schema script (one command), for generated site scripts. */
export function managedIdentityScript(database: string, entries: ManagedIdentityEntry[], why: string): string {
    return `// ${why}\n\n${managedIdentityCommand(database, entries)}\n`;
}
