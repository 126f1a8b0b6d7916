/**
 * Lakehouse shortcut -> OneLake: each shortcut points at a KQL table's OneLake copy, which exists only
 * once the table's mirroring policy (OneLake availability) is on and has written the delta log; the
 * first files can take up to 3 hours by default, bounded by the policy's `TargetLatencyInMinutes`
 * (https://learn.microsoft.com/fabric/real-time-intelligence/event-house-onelake-availability). A
 * shortcut behaves like a symbolic link (https://learn.microsoft.com/fabric/onelake/onelake-shortcuts),
 * so it must be created after the schema resource that turns mirroring on.
 */
import type { DataPathInput, HopFacts, HopProblem } from "../hop-types";
import { Plan, text, TYPES } from "../resources";
import { SOURCES } from "../sources";
import { inStandbyRegion } from "./into-bronze";

/** The tables whose mirroring policy the schema scripts turn on, with their target latency (minutes). */
export function mirroredTables(scripts: string): Map<string, number | undefined> {
    const out = new Map<string, number | undefined>();
    const policy = /^\.alter(?:-merge)?\s+table\s+(\w+)\s+policy\s+mirroring\b[^\n]*?IsEnabled\s*=\s*true([^\n]*)/gim;
    for (const m of scripts.matchAll(policy)) {
        const latency = /TargetLatencyInMinutes\s*=\s*(\d+)/i.exec(m[0]);
        out.set(m[1], latency ? Number(latency[1]) : undefined);
    }
    return out;
}

export function lakehouseShortcuts(input: DataPathInput): HopFacts[] {
    const plan = Plan.of(input);
    const schemas = plan.ofType(TYPES.schema);
    return plan.ofType(TYPES.shortcut).map((shortcut): HopFacts => {
        const target = shortcut.inputs.target as { path?: string } | undefined;
        const table = (target?.path ?? "").split("/").pop() ?? "";
        const database = plan.referenced(shortcut, "target")[0];
        const schema = schemas.find((s) => database !== undefined && s.dependencies.includes(database.urn)) ?? schemas[0];
        const scripts = ((schema?.inputs.scripts ?? []) as { text?: string }[]).map((s) => s.text ?? "").join("\n");
        const mirrored = mirroredTables(scripts);
        const problems: HopProblem[] = [];
        if (schema && !mirrored.has(table)) {
            problems.push({ aspect: "ingestion", missing: `table ${table} has no mirroring policy on in the schema scripts, so the shortcut would point at nothing`, configPath: "lakehouse", fix: `turn mirroring on for ${table} in kql/ (.alter-merge table ${table} policy mirroring ... IsEnabled=true), or drop its shortcut`, source: SOURCES.oneLakeAvailability });
        }
        if (!schema || !plan.waitsFor(shortcut, schema)) {
            problems.push({ aspect: "order", missing: `shortcut ${text(shortcut.inputs.name) ?? table} does not wait for the schema resource that turns mirroring on, so it can be created before its target folder exists`, configPath: "lakehouse", fix: "create the shortcuts after the MedallionSchema (HybridSite does)", source: SOURCES.shortcuts });
        }
        const latency = mirrored.get(table);
        return {
            id: `lakehouse-shortcut:${table}${inStandbyRegion(plan, shortcut) ? ":standby" : ""}`,
            hop: "Lakehouse shortcut -> OneLake",
            producer: `mirroring policy of ${table}${latency === undefined ? " (default latency, up to 3 hours)" : `, every ${latency} min at most`}`,
            consumer: `Lakehouse table ${text(shortcut.inputs.name) ?? table}`,
            transport: "OneLake (delta parquet)",
            principal: "the reader's Entra identity",
            auth: "entra-user-or-principal",
            role: { name: "read on the KQL database", scope: "the database item" },
            network: "inside Fabric",
            assetKey: "Asset column",
            problems,
        };
    });
}
