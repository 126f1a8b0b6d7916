/**
 * Plan timings (`npm run bench`): the bare cost of loading the Pulumi SDK and azure-native in a fresh
 * process, one site's `edge-fabric plan` end to end (fresh process) and in process, and 200 generated
 * sites planned one after another in one process, by blocks of 50 (time per site and memory).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parse, stringify } from "yaml";
import { plan } from "../cli/plan";

const root = resolve(__dirname, "../..");
const quiet = { out: () => undefined, err: () => undefined };
const row = (label: string, value: string, note = ""): void => console.log(`${label.padEnd(58)} ${value.padStart(9)}${note ? `   ${note}` : ""}`);

/** Wall time of `node -e CODE` in a fresh process, minus a bare `node -e 0`, best of `runs`. */
function freshProcess(code: string, runs = 3): number {
    const time = (c: string) => {
        const t = performance.now();
        const r = spawnSync(process.execPath, ["-e", c], { cwd: root });
        if (r.status !== 0) {
            throw new Error(`node -e ${c} failed: ${r.stderr.toString()}`);
        }
        return performance.now() - t;
    };
    const best = (c: string) => Math.min(...Array.from({ length: runs }, () => time(c)));
    return best(code) - best("0");
}

/** `count` sites derived from the sample: more lines and assets, Eventhouse and ADX, DR on and off. */
function generateSites(dir: string, count: number): string[] {
    const sample = parse(readFileSync(join(root, "Pulumi.dev.yaml"), "utf8")) as { config: Record<string, Record<string, unknown>> };
    const stacks: string[] = [];
    for (let i = 1; i <= count; i++) {
        const config = structuredClone(sample.config);
        const site = config["edge-fabric:site"] as Record<string, Record<string, unknown> | string>;
        const name = `site${String(i).padStart(3, "0")}`;
        site.name = name;
        (site.eventHubs as Record<string, unknown>).namespaceName = `ef-${name}-westeurope`;
        (site.dr as Record<string, unknown>).alias = `ef-${name}-telemetry`;
        (site.dr as Record<string, unknown>).enabled = i % 2 === 0;
        (site.edge as Record<string, unknown>).lines = Array.from({ length: 1 + (i % 4) }, (_, l) => ({ name: `line${l + 1}`, assets: Array.from({ length: 2 + (i % 5) }, (_, a) => `asset${a + 1}`) }));
        if (i % 3 === 0) {
            // ADX sites have no Fabric serving items.
            site.serving = { kind: "adx", databaseName: "telemetry", capacity: 2 };
            delete site.dashboard;
            delete site.alerts;
        } else {
            site.serving = { ...(site.serving as Record<string, unknown>), eventhouseName: `ef-${name}` };
        }
        const stack = `gen${i}`;
        writeFileSync(join(dir, `Pulumi.${stack}.yaml`), stringify({ config }));
        stacks.push(stack);
    }
    return stacks;
}

export async function benchPlan(): Promise<void> {
    console.log("\nPlan bench — offline `edge-fabric plan` (validate, program under Pulumi mocks, resources.json, KQL, SVG)\n");
    row("node -e 0 (baseline, subtracted below)", "");
    row("load @pulumi/pulumi, fresh process", `${freshProcess("require('@pulumi/pulumi')").toFixed(0)} ms`);
    row("load @pulumi/azure-native (index), fresh process", `${freshProcess("require('@pulumi/azure-native')").toFixed(0)} ms`);
    const modules = ["eventhub", "storage", "authorization", "resources", "iotoperations", "kusto"];
    row("load the azure-native modules a site uses, fresh process", `${freshProcess(modules.map((m) => `require('@pulumi/azure-native/${m}')`).join(";")).toFixed(0)} ms`, `(${modules.join(", ")})`);

    const out = mkdtempSync(join(tmpdir(), "ef-bench-plan-"));
    try {
        const t0 = performance.now();
        const cli = spawnSync(process.execPath, [join(root, "bin/edge-fabric.js"), "plan", "--out", join(out, "cli")], { cwd: root });
        row("CLI `plan` of Pulumi.dev.yaml, fresh process", `${(performance.now() - t0).toFixed(0)} ms`, `(exit ${cli.status})`);

        const first = performance.now();
        const one = await plan({ stack: "dev", out: join(out, "first"), dir: root }, quiet);
        row("plan one site in process, first (loads SDK, Graphviz)", `${(performance.now() - first).toFixed(0)} ms`, `(${one.resources.length} resources)`);
        const warm = performance.now();
        await plan({ stack: "dev", out: join(out, "warm"), dir: root }, quiet);
        row("plan one site in process, warm", `${(performance.now() - warm).toFixed(0)} ms`);

        // A fleet's worth of sites in one process: time per site and memory must stay flat as it grows.
        const stacks = generateSites(out, 200);
        const block = 50;
        for (let start = 0; start < stacks.length; start += block) {
            let resources = 0;
            const t = performance.now();
            for (const stack of stacks.slice(start, start + block)) {
                resources += (await plan({ stack, out: join(out, stack), dir: out }, quiet)).resources.length;
            }
            const total = performance.now() - t;
            const { rss, heapUsed } = process.memoryUsage();
            const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
            row(`plan generated sites ${start + 1}-${start + block}, in process`, `${(total / block).toFixed(0)} ms/site`, `(${resources} resources; after: heap ${mib(heapUsed)}, rss ${mib(rss)})`);
        }
    } finally {
        rmSync(out, { recursive: true, force: true });
    }
}
