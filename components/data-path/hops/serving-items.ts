/**
 * Dashboard and alerts -> database: the Real-Time Dashboard's tiles query the KQL database, by default
 * with the viewer's own identity (pass-through), so viewers need read access to the database
 * (https://learn.microsoft.com/fabric/real-time-intelligence/dashboard-permissions); the Activator
 * item evaluates its source query on the same database. Both bind to the database item the site plans.
 */
import type { DataPathInput, HopFacts, HopProblem, ResourceView } from "../hop-types";
import { Plan, text, TYPES } from "../resources";
import { SOURCES } from "../sources";
import { inStandbyRegion } from "./into-bronze";

function itemHop(plan: Plan, item: ResourceView, kind: "dashboard" | "alerts"): HopFacts {
    const database = plan.ofType(TYPES.kqlDatabase).find((d) => item.dependencies.includes(d.urn));
    const problems: HopProblem[] = [];
    const own = plan.ofType(TYPES.kqlDatabase).length > 0;
    if (own && database === undefined) {
        problems.push({ aspect: "ingestion", missing: `${text(item.inputs.displayName) ?? item.name} is not bound to a KQL database the site plans`, configPath: "serving.databaseId", fix: "bind the item to the site's KQL database", source: SOURCES.dashboard });
    }
    const standby = inStandbyRegion(plan, item) ? " (standby)" : "";
    return {
        id: `${kind}-database${standby ? ":standby" : ""}`,
        hop: kind === "dashboard" ? "dashboard -> database" : "alerts -> database",
        producer: `KQL database ${database ? database.name : "(shared)"}${standby}`,
        consumer: `${kind === "dashboard" ? "Real-Time Dashboard" : "Activator"} ${text(item.inputs.displayName) ?? item.name}`,
        transport: "KQL queries over HTTPS, port 443",
        principal: kind === "dashboard" ? "each viewer (pass-through identity)" : "the Activator item (created by the deployer)",
        auth: "entra-user-or-principal",
        role: { name: "Viewer (read) on the KQL database", scope: "the database item" },
        network: "inside Fabric",
        assetKey: "Asset column",
        problems,
    };
}

export function servingItems(input: DataPathInput): HopFacts[] {
    const plan = Plan.of(input);
    return [...plan.ofType(TYPES.dashboard).map((d) => itemHop(plan, d, "dashboard")), ...plan.ofType(TYPES.reflex).map((r) => itemHop(plan, r, "alerts"))];
}
