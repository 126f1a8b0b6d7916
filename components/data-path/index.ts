/**
 * The data-path check: every hop of a site's data path from its planned resources, each with a
 * verdict. `edge-fabric plan` writes the rows to `access.json`, prints them as a table, draws the
 * data-path diagram from them and fails on any hop that cannot work; the policy pack runs the same
 * builders and checks in `pulumi preview`.
 *
 * Adding a rule: a new kind of hop is a `HopBuilder` in `hops/` listed in `HOP_BUILDERS`; a rule over
 * every row (auth mode against the target's settings, network path) is a `HopCheck` in `HOP_CHECKS`.
 * Either returns `HopProblem`s that cite their public source.
 */
import { joinPath } from "../validation";
import { AUTH_MODE_TEXT, type DataPathInput, type Hop, type HopBuilder, type HopCheck, type HopFacts, type HopProblem } from "./hop-types";
import { captureToArchive } from "./hops/capture-to-archive";
import { edgeToEventHubs } from "./hops/edge-to-eventhubs";
import { edgeToEventstream } from "./hops/edge-to-eventstream";
import { edgeVolumeToArchive } from "./hops/edge-volume-to-archive";
import { exportToArchive } from "./hops/export-to-archive";
import { intoBronze } from "./hops/into-bronze";
import { lakehouseShortcuts } from "./hops/lakehouse-shortcut";
import { reachable } from "./hops/network";
import { servingItems } from "./hops/serving-items";

export * from "./hop-types";
export { mirroredTables } from "./hops/lakehouse-shortcut";

/** Every kind of hop, in the order a reading travels. */
export const HOP_BUILDERS: readonly HopBuilder[] = [edgeToEventHubs, edgeToEventstream, edgeVolumeToArchive, intoBronze, captureToArchive, exportToArchive, lakehouseShortcuts, servingItems];

/** Rules over every row, after the builders' own. */
export const HOP_CHECKS: readonly HopCheck[] = [reachable];

/** The hops of the plan with their verdicts, config paths under `input.site.configPath`. */
export function dataPathHops(input: DataPathInput, builders: readonly HopBuilder[] = HOP_BUILDERS, checks: readonly HopCheck[] = HOP_CHECKS): Hop[] {
    return builders.flatMap((build) => build(input)).map((facts) => verdict(facts, [...facts.problems, ...checks.flatMap((check) => check(facts, input))], input.site.configPath ?? ""));
}

function verdict(facts: HopFacts, found: HopProblem[], prefix: string): Hop {
    const problems = found.map((p) => ({ ...p, configPath: joinPath(prefix, p.configPath) }));
    return {
        id: facts.id,
        hop: facts.hop,
        producer: facts.producer,
        consumer: facts.consumer,
        transport: facts.transport,
        principal: facts.principal,
        auth: { mode: AUTH_MODE_TEXT[facts.auth], allowed: !problems.some((p) => p.aspect === "auth") },
        role: facts.role,
        network: facts.network,
        assetKey: facts.assetKey,
        planned: facts.planned ?? true,
        verdict: problems.length === 0 ? "ok" : "fails",
        problems,
    };
}

/** One line per problem: `hop "<hop>" (<producer> -> <consumer>): <missing>; fix: <config path>: <fix> (<source>)`. */
export function describeFailures(hops: readonly Hop[]): string[] {
    return hops.flatMap((h) => h.problems.map((p) => `hop "${h.hop}" (${h.producer} -> ${h.consumer}): ${p.missing}; fix ${p.configPath}: ${p.fix} (${p.source})`));
}

const COLUMNS: { title: string; value: (h: Hop) => string }[] = [
    { title: "hop", value: (h) => h.hop },
    { title: "producer -> consumer", value: (h) => `${h.producer} -> ${h.consumer}` },
    { title: "transport", value: (h) => h.transport },
    { title: "principal / auth", value: (h) => `${h.principal}; ${h.auth.mode}${h.auth.allowed ? "" : " (NOT ALLOWED)"}` },
    { title: "role @ scope", value: (h) => (h.role ? `${h.role.name} @ ${h.role.scope}` : "-") },
    { title: "network", value: (h) => h.network },
    { title: "asset key", value: (h) => h.assetKey },
    { title: "verdict", value: (h) => (h.verdict === "ok" ? "ok" : `FAILS (${[...new Set(h.problems.map((p) => p.aspect))].join(", ")})`) },
];

/** The hops as a plain-text table: one block per hop, one labelled line per column (readable at 100 columns). */
export function hopTable(hops: readonly Hop[]): string[] {
    const width = Math.max(...COLUMNS.map((c) => c.title.length));
    return hops.flatMap((h, i) => [...(i === 0 ? [] : [""]), ...COLUMNS.map((c) => `${c.title.padEnd(width)}  ${c.value(h)}`)]);
}
