/**
 * The fleet report: merges per-site records (from a local run, or downloaded CI artifacts where a
 * re-run job left two records for one site) and renders them as JSON and Markdown. Pure.
 */
import { changedCount } from "./classify";
import type { SiteRecord, SiteStatus } from "./records";

export interface FleetReport {
    kind: "edge-fabric.fleet.report/v1";
    /** 0 all well, 1 a site failed or never ran, 2 drift found (and nothing failed). */
    exitCode: 0 | 1 | 2;
    totals: Record<SiteStatus, number>;
    records: SiteRecord[];
}

/** One record per site and operation, the latest `finishedAt` winning; ordered by operation, wave, site. */
export function mergeRecords(records: readonly SiteRecord[]): SiteRecord[] {
    const latest = new Map<string, SiteRecord>();
    for (const r of records) {
        const key = `${r.operation}\u0000${r.site}`;
        const prior = latest.get(key);
        if (!prior || r.finishedAt > prior.finishedAt) {
            latest.set(key, r);
        }
    }
    return [...latest.values()].sort(
        (a, b) => (a.operation < b.operation ? -1 : a.operation > b.operation ? 1 : 0) || a.wave - b.wave || (a.site < b.site ? -1 : a.site > b.site ? 1 : 0),
    );
}

export function exitCodeFor(records: readonly SiteRecord[]): 0 | 1 | 2 {
    if (records.some((r) => r.status === "failed" || r.status === "skipped")) {
        return 1;
    }
    return records.some((r) => r.status === "drifted") ? 2 : 0;
}

export function buildReport(records: readonly SiteRecord[]): FleetReport {
    const merged = mergeRecords(records);
    const totals: Record<SiteStatus, number> = { succeeded: 0, failed: 0, drifted: 0, skipped: 0 };
    for (const r of merged) {
        totals[r.status] += 1;
    }
    return { kind: "edge-fabric.fleet.report/v1", exitCode: exitCodeFor(merged), totals, records: merged };
}

function summaryCell(summary: Readonly<Record<string, number>>): string {
    const parts = Object.entries(summary)
        .filter(([op, n]) => op !== "same" && n > 0)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([op, n]) => `${op} ${n}`);
    return changedCount(summary) === 0 ? "no changes" : parts.join(", ");
}

const cell = (text: string): string => text.replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ");

/** GitHub-flavoured Markdown: totals, one table row per site, then the drifted resources. */
export function renderMarkdown(report: FleetReport): string {
    const t = report.totals;
    const verdict = report.exitCode === 0 ? "all well" : report.exitCode === 2 ? "drift found" : "failed";
    const lines = [
        "# edge-fabric fleet report",
        "",
        `**${verdict}**: ${t.succeeded} succeeded, ${t.drifted} drifted, ${t.failed} failed, ${t.skipped} not started (${report.records.length} site records).`,
        "",
        "| operation | wave | site | status | changes | attempts | duration | error |",
        "| --- | ---: | --- | --- | --- | ---: | ---: | --- |",
        ...report.records.map(
            (r) =>
                `| ${r.operation} | ${r.wave} | ${r.site} | ${r.status} | ${r.status === "skipped" || r.status === "failed" ? "" : summaryCell(r.changeSummary)} | ${r.attempts} | ${(r.durationMs / 1000).toFixed(1)} s | ${cell(
                    [r.errorClass, r.error].filter(Boolean).join(": "),
                )} |`,
        ),
    ];
    const drifted = report.records.filter((r) => r.drift.length > 0);
    if (drifted.length > 0) {
        lines.push("", "## Drift", "");
        for (const r of drifted) {
            lines.push(`- **${r.site}**`);
            for (const d of r.drift) {
                lines.push(`  - \`${d.urn}\` (${d.op})${d.properties.length ? `: ${d.properties.join(", ")}` : ""}`);
            }
        }
    }
    return `${lines.join("\n")}\n`;
}
