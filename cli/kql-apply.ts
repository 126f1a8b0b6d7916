/**
 * `edge-fabric kql apply [DIR] --cluster URL --database DB [--allow-data-loss] [--dry-run] [--token T]`:
 * one read of the live schema, the engine's diff, one `.execute database script`; prints the
 * commands and a one-line summary. Adds `apply` to the `kql` command group, creating the group
 * when no other module has.
 */
import type { Command } from "commander";
import type { CommandModule, Io } from "./io";
import { CliError, RefusedError } from "./errors";
import { KustoMgmtClient, resolveAuth, type RetryOptions } from "../providers/kusto";
import { Deadline, DEADLINE_ENV, REQUEST_TIMEOUT_ENV, parseDuration, resolveTimeouts, type TimeoutOptions } from "../providers/deadline";
import { applyCommands, loadDesired, planSchema } from "../providers/kusto/schema";
import { refusal } from "../kusto";
import { ALLOW_DATA_LOSS_HELP, ALLOW_DATA_LOSS_HINT, noteOwnership, siteKql, withArchiveOptions, withOwnershipOption, type ArchiveOptions, type OwnershipOptions } from "./kql";
import { DiskCache } from "./kql-cache";

export interface KqlApplyOptions extends ArchiveOptions, OwnershipOptions {
    cluster: string;
    database: string;
    allowDataLoss?: boolean;
    dryRun?: boolean;
    token?: string;
    /** `--request-timeout`: a duration (`90s`, `2m`). */
    requestTimeout?: string;
    /** `--deadline`: a duration (`20m`, `1h`). */
    deadline?: string;
}

/** The `kql` command group: the one already registered, or a new one. */
export function kqlGroup(program: Command): Command {
    return program.commands.find((c) => c.name() === "kql") ?? program.command("kql").description("KQL schema: check, diff and apply the scripts under kql/");
}

/** Runs `kql apply`; `retry` is injectable for tests. */
export async function kqlApply(dir: string, options: KqlApplyOptions, io: Io, retry?: RetryOptions): Promise<void> {
    // Limits (flags and environment) are checked before anything is read; the clock starts with the first network call.
    let timeouts: TimeoutOptions;
    try {
        timeouts = {
            requestTimeoutMs: options.requestTimeout === undefined ? undefined : parseDuration(options.requestTimeout, "--request-timeout"),
            deadlineMs: options.deadline === undefined ? undefined : parseDuration(options.deadline, "--deadline"),
            log: (line) => io.err(line),
        };
        resolveTimeouts(timeouts);
    } catch (error) {
        throw new CliError((error as Error).message);
    }
    const files = siteKql(dir, options, io);
    // The same on-disk parse cache as `kql check`/`kql diff`, so repeated applies skip the grammar.
    const cache = { cache: new DiskCache() };
    noteOwnership(options, io);
    const desired = await loadDesired(files, { ...cache, databasePoliciesOwnedElsewhere: options.databasePoliciesOwnedElsewhere }, (line) => io.err(line)).catch((error: Error) => {
        throw new CliError(error.message);
    });
    let client: KustoMgmtClient;
    try {
        client = await KustoMgmtClient.open({ clusterUri: options.cluster, auth: resolveAuth(options.token), retry, deadline: new Deadline(timeouts), limitSetting: `--request-timeout/--deadline (or ${REQUEST_TIMEOUT_ENV}/${DEADLINE_ENV})` });
    } catch (error) {
        throw new CliError(`--cluster: ${(error as Error).message}`);
    }
    const target = `${client.clusterUri}/${options.database}`;
    try {
        const plan = await planSchema(client, options.database, desired, cache);
        for (const u of plan.unmanaged) {
            io.err(`note: ${u.source.path}:${u.source.line}:${u.source.column}: unmanaged: ${u.text.split("\n")[0]}: ${u.reason}`);
        }
        for (const command of plan.commands) {
            io.out(`${command.text}\n`);
        }
        // Nothing runs unless everything asked for can converge: a partial apply would report success while the database still differs.
        const refused = refusal(plan, options.allowDataLoss === true, ALLOW_DATA_LOSS_HINT);
        if (refused) {
            throw new RefusedError(`${target}: ${refused}`);
        }
        const lossy = plan.dataLoss.length;
        const counts = `${plan.commands.length} command(s)${lossy ? `, ${lossy} losing data` : ""}`;
        if (plan.commands.length === 0) {
            io.out(`${target} is up to date: 0 commands (${client.requestCount} request(s)).`);
        } else if (options.dryRun) {
            io.out(`dry run: ${counts} would run on ${target}; nothing applied (${client.requestCount} request(s)).`);
        } else {
            await applyCommands(client, options.database, plan.commands, desired, cache);
            io.out(`applied ${counts} to ${target} (${client.requestCount} request(s)).`);
        }
    } catch (error) {
        throw error instanceof CliError ? error : new CliError((error as Error).message);
    } finally {
        client.close();
    }
}

export const kqlApplyCommand: CommandModule = (program, io) => {
    withOwnershipOption(withArchiveOptions(kqlGroup(program).command("apply")))
        .description("Apply the scripts under DIR to a live database: one schema read, one script execution")
        .argument("[dir]", "directory of .kql scripts", "kql")
        .requiredOption("--cluster <url>", "cluster or Eventhouse query URI (https)")
        .requiredOption("--database <name>", "KQL database name")
        .option("--allow-data-loss", ALLOW_DATA_LOSS_HELP)
        .option("--dry-run", "print the commands without running them")
        .option("--token <token>", "bearer token for the cluster (default: EDGE_FABRIC_KUSTO_TOKEN, then DefaultAzureCredential)")
        .option("--request-timeout <duration>", `longest wait for one answer of the cluster, e.g. 90s or 2m (default: ${REQUEST_TIMEOUT_ENV}, else 2m)`)
        .option("--deadline <duration>", `longest time the whole command may take, every retry included, e.g. 20m (default: ${DEADLINE_ENV}, else 20m)`)
        .action((dir: string, options: KqlApplyOptions) => kqlApply(dir, options, io));
};
