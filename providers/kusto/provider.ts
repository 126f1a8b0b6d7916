/**
 * `KqlDatabaseSchema`: a Pulumi dynamic resource that converges one Kusto database (Fabric
 * Eventhouse or Azure Data Explorer) to a set of `.kql` scripts.
 *
 * Pulumi serializes a dynamic provider's code into the state and re-evaluates it in its provider
 * host. The serialized provider here is deliberately thin: each method `require`s the real
 * operations (operations.ts) at run time, trying the module path relative to the program folder
 * (portable across checkouts and CI runners), then the installed package, then the absolute path
 * it had when serialized. So the state holds a few lines of code and no token, serialization is
 * fast, and `azure-kusto-data` (ESM-only) is loaded by a normal module, not by re-evaluated text.
 */
import * as pulumi from "@pulumi/pulumi";
import * as path from "node:path";
import type { OwnedDatabasePolicy, SourceFile } from "../../kusto";
import type { KqlDatabaseSchemaInputs, KqlDatabaseSchemaOutputs } from "./operations";

type Operations = pulumi.dynamic.ResourceProvider<KqlDatabaseSchemaInputs, KqlDatabaseSchemaOutputs>;

/** Where the provider host may find operations.js, most portable first. */
export function operationsModuleCandidates(cwd: string = process.cwd()): string[] {
    const absolute = path.join(__dirname, "operations.js");
    const relative = path.relative(cwd, absolute).split(path.sep).join("/");
    return [relative.startsWith(".") ? relative : `./${relative}`, "edge-fabric/dist/providers/kusto/operations.js", absolute];
}

/**
 * A provider whose methods load the operations module from the first of `candidates` that resolves
 * (relative entries against the host's working directory, the Pulumi program folder).
 */
export function makeProvider(candidates: string[]): Operations {
    const load = (): Operations => {
        const tried: string[] = [];
        for (const candidate of candidates) {
            const target = candidate.startsWith(".") ? path.resolve(process.cwd(), candidate) : candidate;
            try {
                // eslint-disable-next-line @typescript-eslint/no-require-imports -- run-time load inside Pulumi's provider host, see the file comment
                return (require(target) as { operations: Operations }).operations;
            } catch (error) {
                tried.push(`${target}: ${(error as Error).message.split("\n")[0]}`);
            }
        }
        throw new Error(`edge-fabric KqlDatabaseSchema provider: cannot load its operations module; tried:\n${tried.join("\n")}`);
    };
    return {
        configure: (req) => load().configure?.(req) ?? Promise.resolve(),
        check: (olds, news) => load().check!(olds, news),
        diff: (id, olds, news) => load().diff!(id, olds, news),
        create: (inputs) => load().create(inputs),
        read: (id, props) => load().read!(id, props),
        update: (id, olds, news) => load().update!(id, olds, news),
        delete: (id, props) => load().delete!(id, props),
    };
}

let provider: Operations | undefined;

/** The provider `KqlDatabaseSchema` registers (one per process, so Pulumi serializes it once). */
export function kqlSchemaProvider(): Operations {
    provider ??= makeProvider(operationsModuleCandidates());
    return provider;
}

export interface KqlDatabaseSchemaArgs {
    /** Cluster or Eventhouse query URI, e.g. `https://mycluster.westeurope.kusto.windows.net`; https only. */
    clusterUri: pulumi.Input<string>;
    /** Database (KQL database) name. */
    database: pulumi.Input<string>;
    /** The desired scripts: `.kql` file paths and their text, applied in path order as one schema. */
    scripts: pulumi.Input<SourceFile[]>;
    /** Apply commands that lose data (drop a table or column, change a column type). Default false: such a plan fails the preview, naming the tables and columns. */
    allowDataLoss?: pulumi.Input<boolean>;
    /** On delete, drop the tables, views, functions and mappings the scripts declare, with their data. Requires `allowDataLoss`. Default false: delete leaves everything in place. */
    dropOnDelete?: pulumi.Input<boolean>;
    /**
     * Database policies the database resource owns (`retention`, `caching`): the scripts may not declare
     * them and the schema neither sets nor deletes them, so each `pulumi up` leaves what the database
     * resource set. Defaults to none: the scripts own every database policy, and one they do not declare is deleted.
     */
    databasePoliciesOwnedElsewhere?: pulumi.Input<OwnedDatabasePolicy[]>;
    /** Longest wait for one answer of the cluster, in seconds. Defaults to `$EDGE_FABRIC_REQUEST_TIMEOUT`, else 120. Changing it changes nothing in the database. */
    requestTimeoutSeconds?: pulumi.Input<number>;
    /** Longest time one preview check, create, update, refresh or delete may take, every retry included, in seconds. Defaults to `$EDGE_FABRIC_DEADLINE`, else 1200 (20 minutes). */
    deadlineSeconds?: pulumi.Input<number>;
}

/**
 * One database's schema, converged to `scripts`. `pendingCommands` (an input filled in by the
 * provider's check) lists the exact commands `pulumi up` will run; `pulumi preview` shows them.
 * Auth: the `edge-fabric:kustoToken` secret config, else `EDGE_FABRIC_KUSTO_TOKEN`, else
 * `DefaultAzureCredential`; the token is read by the provider at run time, never stored.
 */
export class KqlDatabaseSchema extends pulumi.dynamic.Resource {
    declare readonly clusterUri: pulumi.Output<string>;
    declare readonly database: pulumi.Output<string>;
    declare readonly scriptsHash: pulumi.Output<string>;
    /** Commands still to run (non-empty after a refresh that found drift). */
    declare readonly pendingCommands: pulumi.Output<string[]>;
    /** Commands the last create/update ran. */
    declare readonly appliedCommands: pulumi.Output<string[]>;
    /** Differences no command can converge. */
    declare readonly unsupportedDifferences: pulumi.Output<string[]>;

    constructor(name: string, args: KqlDatabaseSchemaArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            kqlSchemaProvider(),
            name,
            {
                clusterUri: args.clusterUri,
                database: args.database,
                scripts: args.scripts,
                allowDataLoss: args.allowDataLoss ?? false,
                dropOnDelete: args.dropOnDelete ?? false,
                databasePoliciesOwnedElsewhere: args.databasePoliciesOwnedElsewhere,
                requestTimeoutSeconds: args.requestTimeoutSeconds,
                deadlineSeconds: args.deadlineSeconds,
                scriptsHash: undefined,
                pendingCommands: undefined,
                pendingDataLoss: undefined,
                appliedCommands: undefined,
                unsupportedDifferences: undefined,
            },
            opts,
            "kusto",
            "KqlDatabaseSchema",
        );
    }
}
