/**
 * `edge-fabric fleet plan | preview | up | drift | report`: roll a change out over many site stacks
 * in waves. `plan` is offline and pure (plus optional CI definitions); `preview`/`up`/`drift` drive
 * each site's stack through the Pulumi Automation API a wave at a time; `report` merges the per-site
 * records of a local run or of CI artifacts. Exit 0 all well, 1 a failure, 2 drift found or a
 * selection refused by the blast-radius cap.
 */
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { type Command, InvalidArgumentError, Option } from "commander";
import { PulumiCommand } from "@pulumi/pulumi/automation";
import { CliError } from "./errors";
import type { CommandModule, Io } from "./io";
import { discoverSites, loadPolicy, withPlatform } from "./fleet/discover";
import { outputFolder, writeOutput } from "./output";
import { checkSiteConfigs, screenStacks } from "./fleet/screen";
import { RECORD_KIND, type FleetOperation, type FleetPlan, type SiteRecord, siteRecordSchema } from "./fleet/records";
import { formatPlanTable, planWaves } from "./fleet/planner";
import { type FleetProgress, lineProgress, terminalProgress } from "./fleet/progress";
import { buildReport, renderMarkdown } from "./fleet/report";
import { restrictPlan, rollout, skippedRecord } from "./fleet/rollout";
import { automationRunner } from "./fleet/runner";
import { GITHUB_MATRIX_LIMIT, azurePipeline, githubWorkflow } from "./fleet/workflows";

interface SelectionFlags {
    dir: string;
    stacks?: string;
    policy?: string;
    stack: string[];
    site: string[];
    tag: string[];
    ring: number[];
    maxSites?: number;
}

const collect = <T>(parse: (v: string) => T) => (value: string, previous: T[]): T[] => [...previous, parse(value)];

function integer(min: number) {
    return (value: string): number => {
        const n = Number(value);
        if (!Number.isInteger(n) || n < min) {
            throw new InvalidArgumentError(`expected an integer >= ${min}, got "${value}"`);
        }
        return n;
    };
}

function addSelection(command: Command): Command {
    return command
        .option("--dir <dir>", "project directory holding Pulumi.yaml and the stack files", ".")
        .option("--stacks <glob>", "stack files to consider, a glob relative to --dir (default: Pulumi.<site>.yaml in --dir)")
        .option("--policy <file>", "wave policy YAML (default: fleet.policy.yaml in --dir if present, else built-in defaults)")
        .option("--stack <name>", "select this stack, Pulumi.<name>.yaml (repeatable); the only way to select a sample stack such as dev", collect(String), [])
        .option("--site <name>", "select the stack(s) deploying this site, edge-fabric:site.name (repeatable)", collect(String), [])
        .option("--tag <tag>", "select stacks carrying this fleet tag, edge-fabric:fleet.tags (repeatable: any of them)", collect(String), [])
        .option("--ring <n>", "select stacks of this ring (repeatable)", collect(integer(0)), [])
        .option("--max-sites <n>", "blast-radius cap for this run, overriding the policy's maxSites", integer(1));
}

function makePlan(flags: SelectionFlags): { plan: FleetPlan; dir: string } {
    const dir = resolve(flags.dir);
    const policy = loadPolicy(dir, flags.policy && resolve(flags.policy));
    const stacks = withPlatform(dir, policy, discoverSites(dir, policy.defaultRing, flags.stacks));
    const { selection, candidates } = screenStacks(dir, stacks, flags);
    const plan = planWaves(candidates, policy, selection, { maxSites: flags.maxSites });
    checkSiteConfigs(dir, plan.waves.flatMap((w) => w.sites));
    return { plan, dir };
}

/** The flags a CI job needs to re-plan exactly this selection. */
function planArgs(flags: SelectionFlags, plan: FleetPlan): string[] {
    const args: string[] = [];
    const add = (name: string, values: readonly (string | number | undefined)[]): void => {
        for (const v of values) {
            if (v !== undefined) {
                args.push(name, String(v));
            }
        }
    };
    add("--dir", [flags.dir === "." ? undefined : flags.dir]);
    add("--stacks", [flags.stacks]);
    add("--policy", [flags.policy]);
    add("--stack", flags.stack);
    add("--site", flags.site);
    add("--tag", flags.tag);
    add("--ring", flags.ring);
    add("--max-sites", [plan.maxSites]);
    return args;
}

function jsonFiles(path: string): string[] {
    let stat;
    try {
        stat = statSync(path);
    } catch {
        throw new CliError(`${path}: no such file or directory`);
    }
    if (stat.isFile()) {
        return [path];
    }
    return readdirSync(path, { recursive: true })
        .map(String)
        .filter((f) => f.endsWith(".json"))
        .sort()
        .map((f) => join(path, f));
}

/** Site records under the given files/directories; other JSON files are ignored, a broken record is an error. */
export function readRecords(paths: readonly string[]): SiteRecord[] {
    const records: SiteRecord[] = [];
    for (const file of paths.flatMap(jsonFiles)) {
        let data: unknown;
        try {
            data = JSON.parse(readFileSync(file, "utf8"));
        } catch (error) {
            throw new CliError(`${file}: not JSON (${error instanceof Error ? error.message : String(error)})`);
        }
        if (!data || typeof data !== "object" || (data as { kind?: unknown }).kind !== RECORD_KIND) {
            continue;
        }
        const parsed = siteRecordSchema.safeParse(data);
        if (!parsed.success) {
            const first = parsed.error.issues[0];
            throw new CliError(`${file}: not a valid site record: ${first.path.join(".") || "(root)"}: ${first.message}`);
        }
        records.push(parsed.data);
    }
    return records;
}

interface RunFlags extends SelectionFlags {
    only: string[];
    concurrency?: number;
    keepGoing?: boolean;
    out: string;
    retries: number;
    retryDelay: number;
    pulumiRoot?: string;
    progress: "auto" | "tty" | "lines";
}

function chooseProgress(flags: RunFlags, io: Io, operation: FleetOperation): FleetProgress {
    const tty = flags.progress === "tty" || (flags.progress === "auto" && process.stdout.isTTY === true && process.stderr.isTTY === true && !process.env.CI);
    return tty ? terminalProgress(operation) : lineProgress((line) => io.err(line), operation);
}

async function runOperation(operation: FleetOperation, flags: RunFlags, io: Io, setExit: (code: number) => void): Promise<void> {
    if (flags.keepGoing && operation === "up") {
        throw new CliError("--keep-going is for preview and drift only: an up halts at the first failed site");
    }
    const { plan: full, dir } = makePlan(flags);
    const unknown = flags.only.filter((s) => !full.waves.some((w) => w.sites.some((x) => x.site === s)));
    if (unknown.length > 0) {
        throw new CliError(`--only ${unknown.join(", ")}: not in the planned selection`);
    }
    const plan = restrictPlan(full, flags.only);
    // Refused before any site is touched: records that cannot be written would be a rollout without a trace.
    outputFolder(flags.out, "--out");
    const progress = chooseProgress(flags, io, operation);
    const pulumiCommand = await PulumiCommand.get(flags.pulumiRoot ? { root: resolve(flags.pulumiRoot) } : {}).catch((error: unknown) => {
        throw new CliError(`cannot run the Pulumi CLI${flags.pulumiRoot ? ` in ${flags.pulumiRoot}` : ""}: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
    });
    const runSite = await automationRunner({
        operation,
        workDir: dir,
        pulumiCommand,
        retries: flags.retries,
        retryDelayMs: flags.retryDelay,
        onRetry: (site, attempt, errorClass) => progress.retry(site, attempt, errorClass),
    });
    const records = await rollout(plan, runSite, { operation, concurrency: flags.concurrency ?? plan.policy.maxParallel, keepGoing: flags.keepGoing, progress });
    await progress.close();
    for (const record of records) {
        writeOutput(join(flags.out, `${record.site}.${operation}.json`), `${JSON.stringify(record, null, 2)}\n`, "--out");
    }
    const report = buildReport(records);
    for (const line of renderMarkdown(report).trimEnd().split("\n")) {
        io.out(line);
    }
    setExit(report.exitCode);
}

export const fleetCommands: CommandModule = (program, io, setExit) => {
    const fleet = program.command("fleet").description("roll out, preview and drift-check many site stacks in waves");

    addSelection(fleet.command("plan").description("plan the waves (offline); optionally write the plan JSON and CI definitions"))
        .option("--json", "print the plan as JSON instead of a table")
        .option("--out <file>", "also write the plan JSON to this file")
        .option("--github <file>", "write a GitHub Actions workflow for the plan")
        .option("--azure-devops <file>", "write an Azure DevOps pipeline for the plan")
        .addOption(new Option("--workflow-operation <op>", "operation the generated CI runs").choices(["preview", "up", "drift"]).default("up"))
        .option("--matrix-limit <n>", "sites per GitHub matrix job; larger waves are split", integer(1), GITHUB_MATRIX_LIMIT)
        .option("--node-version <major>", "Node.js version in the generated CI", "22")
        .option("--pulumi-version <version>", "Pulumi CLI version in the generated CI", "3.277.0")
        .option("--drift-schedule <cron>", "schedule of the generated drift check", "0 5 * * 1-5")
        .action(
            (
                flags: SelectionFlags & {
                    json?: boolean;
                    out?: string;
                    github?: string;
                    azureDevops?: string;
                    workflowOperation: FleetOperation;
                    matrixLimit: number;
                    nodeVersion: string;
                    pulumiVersion: string;
                    driftSchedule: string;
                },
            ) => {
                const { plan } = makePlan(flags);
                const json = `${JSON.stringify(plan, null, 2)}\n`;
                if (flags.out) {
                    writeOutput(flags.out, json, "--out");
                }
                const options = {
                    operation: flags.workflowOperation,
                    planArgs: planArgs(flags, plan),
                    nodeVersion: flags.nodeVersion,
                    pulumiVersion: flags.pulumiVersion,
                    matrixLimit: flags.matrixLimit,
                    driftSchedule: flags.driftSchedule,
                };
                if (flags.github) {
                    writeOutput(flags.github, githubWorkflow(plan, options), "--github");
                }
                if (flags.azureDevops) {
                    writeOutput(flags.azureDevops, azurePipeline(plan, options), "--azure-devops");
                }
                for (const line of flags.json ? json.trimEnd().split("\n") : formatPlanTable(plan)) {
                    io.out(line);
                }
            },
        );

    const descriptions: Record<FleetOperation, string> = {
        preview: "preview every selected site, a wave at a time",
        up: "deploy every selected site, a wave at a time, halting at the first failure",
        drift: "refresh-preview every selected site and report drifted resources (exit 2 when any)",
    };
    for (const operation of ["preview", "up", "drift"] as const) {
        addSelection(fleet.command(operation).description(descriptions[operation]))
            .option("--only <site>", "run only this planned site, keeping its wave number (CI matrix jobs; repeatable)", collect(String), [])
            .option("--concurrency <n>", "sites of a wave at once (default: the policy's maxParallel)", integer(1))
            .option("--keep-going", "preview/drift: run every site even after a failure")
            .option("--out <dir>", "directory for the per-site records <site>.<operation>.json", join("out", "fleet", operation))
            .option("--retries <n>", "retries per site after a lock conflict or throttling", integer(0), 4)
            .option("--retry-delay <ms>", "first retry delay in milliseconds, doubled per retry (max 60 s, full jitter)", integer(0), 5000)
            .option("--pulumi-root <dir>", "use <dir>/bin/pulumi instead of the pulumi on PATH")
            .addOption(new Option("--progress <mode>", "progress display").choices(["auto", "tty", "lines"]).default("auto"))
            .action((flags: RunFlags) => runOperation(operation, flags, io, setExit));
    }

    addSelection(fleet.command("report").description("merge site records (files or directories, e.g. CI artifacts) into Markdown and JSON").argument("<paths...>"))
        .addOption(new Option("--operation <op>", "report on this operation; planned sites without a record count as not started").choices(["preview", "up", "drift"]))
        .option("--json <file>", "write the merged report as JSON")
        .option("--markdown <file>", "write the Markdown report")
        .action((paths: string[], flags: SelectionFlags & { operation?: FleetOperation; json?: string; markdown?: string }) => {
            let records = readRecords(paths);
            if (flags.operation) {
                const op = flags.operation;
                records = records.filter((r) => r.operation === op);
                const { plan } = makePlan(flags);
                const seen = new Set(records.map((r) => r.site));
                const now = new Date();
                for (const wave of plan.waves) {
                    for (const site of wave.sites.filter((s) => !seen.has(s.site))) {
                        records.push(skippedRecord(site, wave.index, op, now, "no record: the site's job did not run or left no artifact"));
                    }
                }
            }
            if (records.length === 0) {
                throw new CliError(`no site records (${RECORD_KIND}) under ${paths.join(", ")}`);
            }
            const report = buildReport(records);
            const markdown = renderMarkdown(report);
            if (flags.json) {
                writeOutput(flags.json, `${JSON.stringify(report, null, 2)}\n`, "--json");
            }
            if (flags.markdown) {
                writeOutput(flags.markdown, markdown, "--markdown");
            }
            for (const line of markdown.trimEnd().split("\n")) {
                io.out(line);
            }
            setExit(report.exitCode);
        });
};
