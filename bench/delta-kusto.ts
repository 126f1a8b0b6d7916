/**
 * The third-party measurement (`node dist/bench/delta-kusto.js`): microsoft/delta-kusto's own
 * integration cases (MIT, vendored under tests/fixtures/delta-kusto with its LICENSE) replayed
 * through the Kusto fake. Each case: the fake database runs the case's current script; the engine
 * reads the fake's schema script, diffs it to the target scripts, the fake runs the delta (data loss
 * allowed: this measures convergence, the gate is tested elsewhere); converged exactly when the
 * re-read schema renders to the same text as the target's (bodies, mappings and policies as the
 * engine sends them, in any order) and a second diff is empty.
 *
 * Cases: the ADX integration tests' states, every ordered pair (current -> target) of one folder,
 * and the file integration tests' current/target folders. "core" are tables, functions, mappings,
 * retention, caching and update policies; "other" the remaining policy kinds.
 */
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { FakeDatabase, splitScript } from "../tests/fakes/kusto-mgmt";
import { diffSchemas, formatDiagnostic, loadSchema, readCslSchema, renderSchema, type SourceFile } from "../kusto";

const root = resolve(__dirname, "../../tests/fixtures/delta-kusto");
const OTHER = ["AutoDelete", "IngestionBatching", "IngestionTime", "Merge", "Partitioning", "RestrictedView", "RowLevelSecurity", "Sharding", "StreamingIngestion"];

export interface ReplayCase {
    name: string;
    group: "core" | "other";
    current: SourceFile[];
    target: SourceFile[];
}

export type Outcome = "converged" | "differs" | "refused" | "stopped" | "setup";

const kqlFiles = (dir: string): SourceFile[] =>
    existsSync(dir)
        ? readdirSync(dir, { recursive: true })
              .map(String)
              .filter((f) => f.endsWith(".kql"))
              .sort()
              .map((f) => ({ path: relative(root, join(dir, f)), text: readFileSync(join(dir, f), "utf8") }))
        : [];

const groupOf = (path: string): "core" | "other" => (OTHER.some((o) => path.includes(`/${o}/`)) ? "other" : "core");

/** Every case of the vendored corpus. */
export function replayCases(): ReplayCase[] {
    const cases: ReplayCase[] = [];
    const adx = join(root, "adx");
    for (const statesDir of readdirSync(adx, { recursive: true }).map(String).filter((d) => d.endsWith("States"))) {
        const states = kqlFiles(join(adx, statesDir));
        for (const from of states) {
            for (const to of states) {
                const name = `adx/${statesDir}: ${from.path.split("/").pop()} -> ${to.path.split("/").pop()}`;
                cases.push({ name, group: groupOf(`/${statesDir}/`), current: [from], target: [to] });
            }
        }
    }
    const file = join(root, "file");
    const leaves = readdirSync(file, { recursive: true })
        .map(String)
        .filter((d) => statSync(join(file, d)).isDirectory())
        .filter((d) => existsSync(join(file, d, "target.kql")) || existsSync(join(file, d, "Target")));
    for (const leaf of leaves.sort()) {
        const dir = join(file, leaf);
        const pick = (prefix: string, folder: string): SourceFile[] =>
            existsSync(join(dir, folder)) ? kqlFiles(join(dir, folder)) : kqlFiles(dir).filter((f) => f.path.split("/").pop()!.startsWith(prefix) && !f.path.slice(relative(root, dir).length + 1).includes("/"));
        cases.push({ name: `file/${leaf}`, group: groupOf(`/${leaf}/`), current: pick("current", "Current"), target: pick("target", "Target") });
    }
    return cases;
}

/** The database a case's scripts name (`.alter database ['my-db'] ...`), else my-db. */
function databaseOf(c: ReplayCase): string {
    const m = /\.(?:alter|alter-merge|delete) database (?:\['([^']+)'\]|([\w-]+))/.exec([...c.current, ...c.target].map((f) => f.text).join("\n"));
    return m?.[1] ?? m?.[2] ?? "my-db";
}

export async function replay(c: ReplayCase): Promise<{ outcome: Outcome; detail: string }> {
    const db = new FakeDatabase(databaseOf(c));
    try {
        for (const f of c.current) for (const command of splitScript(f.text)) db.apply(command);
    } catch (error) {
        return { outcome: "setup", detail: `the fake cannot run the current script: ${(error as Error).message}` };
    }
    const desired = await loadSchema(c.target);
    const errors = desired.diagnostics.filter((d) => d.severity === "error");
    if (errors.length) return { outcome: "refused", detail: errors.map(formatDiagnostic).join("; ") };
    const current = await readCslSchema(db.script().join("\n\n"), "current");
    if (current.diagnostics.length) return { outcome: "stopped", detail: current.diagnostics.map(formatDiagnostic).join("; ") };
    const delta = diffSchemas(current.model, desired.model);
    if (delta.unsupported.length) return { outcome: "stopped", detail: delta.unsupported.map((u) => u.message).join("; ") };
    try {
        for (const command of delta.commands) db.apply(command.text);
    } catch (error) {
        return { outcome: "differs", detail: `the fake refused the delta: ${(error as Error).message}` };
    }
    const after = await readCslSchema(db.script().join("\n\n"), "after");
    const again = diffSchemas(after.model, desired.model).commands;
    // The same commands, whatever order the objects were declared in.
    const rendered = (m: typeof desired.model): string => renderSchema(m).trim().split("\n\n").sort().join("\n\n");
    const exact = rendered(after.model) === rendered(desired.model);
    return exact && again.length === 0 ? { outcome: "converged", detail: "" } : { outcome: "differs", detail: again.map((x) => x.text.split("\n")[0]).join("; ") || "rendered schemas differ" };
}

async function main(): Promise<void> {
    const results = [];
    for (const c of replayCases()) results.push({ c, ...(await replay(c)) });
    for (const group of ["core", "other"] as const) {
        const mine = results.filter((r) => r.c.group === group);
        const count = (o: Outcome): number => mine.filter((r) => r.outcome === o).length;
        console.log(`${group}: ${mine.length} cases, ${count("converged")} converged exactly, ${count("refused")} refused (target invalid), ${count("stopped")} stopped the diff, ${count("differs")} differ, ${count("setup")} not runnable on the fake`);
        for (const r of mine.filter((x) => x.outcome !== "converged")) console.log(`  ${r.outcome}: ${r.c.name}: ${r.detail.slice(0, 300)}`);
    }
}

if (require.main === module) {
    main().catch((error: unknown) => {
        console.error(error);
        process.exit(1);
    });
}
