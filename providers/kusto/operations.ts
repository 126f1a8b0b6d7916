/**
 * The CRUD operations of the `KqlDatabaseSchema` dynamic provider. They run in Pulumi's provider
 * host, which loads this module with `require` (see provider.ts), so nothing here is serialized
 * into the Pulumi state.
 *
 * - `check` validates the inputs, parses the scripts, reads the live schema once and puts the
 *   commands that would run into the `pendingCommands` input, so `pulumi preview` shows them as a
 *   property change; data loss without `allowDataLoss` fails here, naming tables and columns.
 * - `diff` needs no round trip: it looks at what `check` found.
 * - `create`/`update` run the pending commands in one `.execute database script`.
 * - `read` (refresh) re-reads the database and reports drift as `pendingCommands`; without prior
 *   state (`pulumi import`, id `<clusterUri>/databases/<database>`) it reads the database once and
 *   takes its schema, rendered as one script `imported.kql`, as the state: nothing is pending, and
 *   the program's own scripts then converge the database on the next `pulumi up`.
 * - `delete` leaves tables and data in place unless `dropOnDelete` (with `allowDataLoss`) is set.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { OwnedDatabasePolicy, SchemaModel, SourceFile } from "../../kusto";
import { KustoMgmtClient } from "./client";
import { resolveAuth, validateClusterUri, type KustoAuth } from "./auth";
import type { RetryOptions } from "./retry";
import { Deadline, DEADLINE_ENV, REQUEST_TIMEOUT_ENV, checkLimitInputs, type TimeoutOptions } from "../deadline";
import { RESOURCE_OPT_IN, SchemaRefusedError, SchemaScriptError, applyCommands, hashScripts, loadDesired, planSchema, readLive, withoutOwned, type SchemaPlan } from "./schema";
import { OWNED_DATABASE_POLICIES, diffSchemas, refusal, renderSchema } from "../../kusto";

/** Inputs of a `KqlDatabaseSchema`, as the provider receives them. The token is never one of them. */
export interface KqlDatabaseSchemaInputs {
    clusterUri: string;
    database: string;
    /** The desired scripts, text included, so the provider needs no file access. */
    scripts: SourceFile[];
    allowDataLoss?: boolean;
    dropOnDelete?: boolean;
    /** Database policies the database resource owns: neither set nor deleted (see `KqlDatabaseSchemaArgs`). */
    databasePoliciesOwnedElsewhere?: OwnedDatabasePolicy[];
    /** Per-request timeout, in seconds (see `KqlDatabaseSchemaArgs`). */
    requestTimeoutSeconds?: number;
    /** Total deadline of one provider operation, in seconds (see `KqlDatabaseSchemaArgs`). */
    deadlineSeconds?: number;
    /** Set by `check`: hash of `scripts`. */
    scriptsHash?: string;
    /** Set by `check`: the commands create/update will run, in order. */
    pendingCommands?: string[];
    /** Set by `check`: the pending commands that lose data (allowed only with `allowDataLoss`). */
    pendingDataLoss?: string[];
}

/** State of a `KqlDatabaseSchema`. */
export interface KqlDatabaseSchemaOutputs extends KqlDatabaseSchemaInputs {
    /** The commands the last create/update ran. */
    appliedCommands: string[];
    /** Differences no command can converge (reported, not applied). */
    unsupportedDifferences: string[];
}

/** Pulumi's placeholder for a value not known yet during preview. */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** The stack config key that may hold a bearer token (set it with `pulumi config set --secret`). */
export const TOKEN_CONFIG_KEY = "edge-fabric:kustoToken";

export interface OperationsOptions {
    /** Auth override; default: the `edge-fabric:kustoToken` config, then `EDGE_FABRIC_KUSTO_TOKEN`, then DefaultAzureCredential. */
    auth?: () => KustoAuth;
    retry?: RetryOptions;
    /** Limits and retry log; the resource's `requestTimeoutSeconds`/`deadlineSeconds` inputs take precedence. */
    timeouts?: TimeoutOptions;
}

/** How a user raises the limits of a `KqlDatabaseSchema`, for messages. */
const LIMIT_SETTING = `the KqlDatabaseSchema's requestTimeoutSeconds/deadlineSeconds or ${REQUEST_TIMEOUT_ENV}/${DEADLINE_ENV}`;

/** Builds the provider operations. The default instance (`operations`) is what Pulumi's host uses. */
export function createOperations(options: OperationsOptions = {}): pulumi.dynamic.ResourceProvider<KqlDatabaseSchemaInputs, KqlDatabaseSchemaOutputs> {
    let configToken: string | undefined;
    // Plans made by check, reused by create/update in the same process (Pulumi runs them back to
    // back), so a deploy that changes something costs one read and one execute.
    const plans = new Map<string, SchemaPlan>();
    // One deadline per provider operation (check, create, update, read, delete), retries included.
    const connect = (inputs: KqlDatabaseSchemaInputs): Promise<KustoMgmtClient> => {
        const seconds = (value: number | undefined) => (value === undefined ? undefined : value * 1000);
        const deadline = new Deadline({
            ...options.timeouts,
            requestTimeoutMs: seconds(inputs.requestTimeoutSeconds) ?? options.timeouts?.requestTimeoutMs,
            deadlineMs: seconds(inputs.deadlineSeconds) ?? options.timeouts?.deadlineMs,
        });
        return KustoMgmtClient.open({ clusterUri: inputs.clusterUri, auth: options.auth?.() ?? resolveAuth(configToken), retry: options.retry, deadline, limitSetting: LIMIT_SETTING });
    };
    const withClient = async <T>(inputs: KqlDatabaseSchemaInputs, run: (client: KustoMgmtClient) => Promise<T>): Promise<T> => {
        const client = await connect(inputs);
        try {
            return await run(client);
        } finally {
            client.close();
        }
    };

    /** Plans against the live database and records the plan in the inputs. */
    const plan = async (inputs: KqlDatabaseSchemaInputs, parsed?: SchemaModel): Promise<KqlDatabaseSchemaInputs & { unsupported: string[]; refused?: string }> => {
        const desired = parsed ?? (await desiredOf(inputs));
        const result = await withClient(inputs, (client) => planSchema(client, inputs.database, desired));
        const planned = {
            ...inputs,
            scriptsHash: hashScripts(inputs.scripts),
            pendingCommands: result.commands.map((c) => c.text),
            pendingDataLoss: result.dataLoss.map((c) => `${c.description}: ${c.text.split("\n")[0]}`),
            unsupported: result.unsupported.map((u) => `${u.target}: ${u.message}`),
            refused: refusal(result, inputs.allowDataLoss === true, RESOURCE_OPT_IN),
        };
        plans.set(planKey(planned), result);
        return planned;
    };

    const apply = (inputs: KqlDatabaseSchemaInputs): Promise<KqlDatabaseSchemaOutputs> =>
        withClient(inputs, async (client) => {
            const key = planKey(inputs);
            const planned = plans.get(key) ?? (await planSchema(client, inputs.database, await desiredOf(inputs)));
            plans.delete(key);
            const refused = refusal(planned, inputs.allowDataLoss === true, RESOURCE_OPT_IN);
            if (refused) {
                throw new SchemaRefusedError(`${inputs.clusterUri}/${inputs.database}`, refused);
            }
            await applyCommands(client, inputs.database, planned.commands, planned.desired);
            return {
                ...stripPlan(inputs),
                scriptsHash: hashScripts(inputs.scripts),
                pendingCommands: [],
                pendingDataLoss: [],
                appliedCommands: planned.commands.map((c) => c.text),
                unsupportedDifferences: planned.unsupported.map((u) => `${u.target}: ${u.message}`),
            };
        });

    /** `pulumi import`: the state of a resource that takes the database as it is. */
    const adopt = async (id: string): Promise<KqlDatabaseSchemaOutputs> => {
        const { clusterUri, database } = parseResourceId(id);
        const live = await withClient({ clusterUri, database, scripts: [] }, (client) => readLive(client, database));
        const scripts = [{ path: IMPORTED_SCRIPT, text: renderSchema(live) }];
        return {
            clusterUri,
            database,
            scripts,
            allowDataLoss: false,
            dropOnDelete: false,
            scriptsHash: hashScripts(scripts),
            pendingCommands: [],
            pendingDataLoss: [],
            appliedCommands: [],
            // What the engine does not model is not in the rendered script; the database keeps it.
            unsupportedDifferences: live.unmanaged.map((u) => `unmanaged (kept as it is, not imported): ${u.text.split("\n")[0]}`),
        };
    };

    return {
        configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
            configToken = req.config.get(TOKEN_CONFIG_KEY);
            return Promise.resolve();
        },

        async check(_olds: KqlDatabaseSchemaInputs, news: KqlDatabaseSchemaInputs): Promise<pulumi.dynamic.CheckResult<KqlDatabaseSchemaInputs>> {
            const failures = validate(news);
            if (failures.length > 0) {
                return { failures };
            }
            const inputs = stripPlan(news);
            let desired: SchemaModel;
            try {
                desired = await desiredOf(news);
            } catch (error) {
                if (error instanceof SchemaScriptError) {
                    return { failures: [{ property: "scripts", reason: error.message }] };
                }
                throw error;
            }
            if (news.clusterUri === UNKNOWN || news.database === UNKNOWN) {
                // Preview of a database that does not exist yet: nothing to read, every command pending.
                return { inputs: { ...inputs, scriptsHash: hashScripts(news.scripts) } };
            }
            const planned = await plan(inputs, desired);
            if (planned.refused) {
                return { failures: [{ property: planned.unsupported.length ? "scripts" : "allowDataLoss", reason: `applying the scripts to ${news.clusterUri}/${news.database}: ${planned.refused}` }] };
            }
            const checked: KqlDatabaseSchemaInputs & { unsupported?: string[]; refused?: string } = { ...planned };
            delete checked.unsupported;
            delete checked.refused;
            return { inputs: checked };
        },

        diff(_id: string, olds: KqlDatabaseSchemaOutputs, news: KqlDatabaseSchemaInputs): Promise<pulumi.dynamic.DiffResult> {
            const replaces = (["clusterUri", "database"] as const).filter((key) => olds[key] !== news[key]);
            const changes =
                replaces.length > 0 ||
                news.pendingCommands === undefined ||
                news.pendingCommands.length > 0 ||
                olds.scriptsHash !== news.scriptsHash ||
                Boolean(olds.allowDataLoss) !== Boolean(news.allowDataLoss) ||
                Boolean(olds.dropOnDelete) !== Boolean(news.dropOnDelete);
            return Promise.resolve({ changes, replaces, deleteBeforeReplace: false });
        },

        async create(inputs: KqlDatabaseSchemaInputs): Promise<pulumi.dynamic.CreateResult<KqlDatabaseSchemaOutputs>> {
            const outs = await apply(inputs);
            return { id: resourceId(inputs), outs };
        },

        async update(_id: string, _olds: KqlDatabaseSchemaOutputs, news: KqlDatabaseSchemaInputs): Promise<pulumi.dynamic.UpdateResult<KqlDatabaseSchemaOutputs>> {
            return { outs: await apply(news) };
        },

        async read(id: string, props?: KqlDatabaseSchemaOutputs): Promise<pulumi.dynamic.ReadResult<KqlDatabaseSchemaOutputs>> {
            if (!props) {
                return { id, props: await adopt(id) };
            }
            const planned = await plan(props);
            return {
                id,
                props: {
                    ...props,
                    pendingCommands: planned.pendingCommands,
                    pendingDataLoss: planned.pendingDataLoss,
                    unsupportedDifferences: planned.unsupported,
                },
            };
        },

        async delete(_id: string, props: KqlDatabaseSchemaOutputs): Promise<void> {
            if (!props.dropOnDelete) {
                return; // tables, views, functions and their data stay: deleting the resource only stops managing them
            }
            const owned = await loadDesired(props.scripts);
            await withClient(props, async (client) => {
                const live = await readLive(client, props.database);
                const drops = diffSchemas(live, withoutOwned(live, owned)).commands;
                await applyCommands(client, props.database, drops, withoutOwned(live, owned));
            });
        },
    };
}

/** The operations Pulumi's provider host runs. */
export const operations = createOperations();

function planKey(inputs: KqlDatabaseSchemaInputs): string {
    return JSON.stringify([inputs.clusterUri, inputs.database, hashScripts(inputs.scripts), inputs.databasePoliciesOwnedElsewhere ?? [], inputs.pendingCommands ?? null]);
}

function stripPlan(inputs: KqlDatabaseSchemaInputs): KqlDatabaseSchemaInputs {
    const rest = { ...inputs };
    delete rest.pendingCommands;
    delete rest.pendingDataLoss;
    delete rest.scriptsHash;
    return rest;
}

function resourceId(inputs: KqlDatabaseSchemaInputs): string {
    return `${inputs.clusterUri.replace(/\/+$/, "")}/databases/${inputs.database}`;
}

/** A Kusto database name: letters, digits, underscore, space, dot or dash, at most 260 characters. */
const DATABASE_NAME = /^[\w .-]{1,260}$/;

/** The script an imported resource's state holds: the database's schema as the engine renders it. */
export const IMPORTED_SCRIPT = "imported.kql";

/** The cluster and database of a resource id (`<clusterUri>/databases/<database>`, what create returns). */
export function parseResourceId(id: string): { clusterUri: string; database: string } {
    const at = id.lastIndexOf("/databases/");
    const clusterUri = at > 0 ? id.slice(0, at) : "";
    const database = at > 0 ? id.slice(at + "/databases/".length) : "";
    if (!clusterUri || !DATABASE_NAME.test(database)) {
        throw new Error(`cannot import KqlDatabaseSchema '${id}': the id must be <clusterUri>/databases/<database>, e.g. https://mycluster.westeurope.kusto.windows.net/databases/Telemetry`);
    }
    validateClusterUri(clusterUri);
    return { clusterUri, database };
}

/** The desired model of a resource's scripts, the database policies it leaves to the database resource marked. */
function desiredOf(inputs: KqlDatabaseSchemaInputs): Promise<SchemaModel> {
    return loadDesired(inputs.scripts, { databasePoliciesOwnedElsewhere: inputs.databasePoliciesOwnedElsewhere });
}

function validate(inputs: KqlDatabaseSchemaInputs): pulumi.dynamic.CheckFailure[] {
    const failures: pulumi.dynamic.CheckFailure[] = [];
    if (typeof inputs.clusterUri !== "string" || inputs.clusterUri === "") {
        failures.push({ property: "clusterUri", reason: "clusterUri is required: the cluster or Eventhouse query URI, e.g. https://mycluster.westeurope.kusto.windows.net" });
    } else if (inputs.clusterUri !== UNKNOWN) {
        try {
            validateClusterUri(inputs.clusterUri);
        } catch (error) {
            failures.push({ property: "clusterUri", reason: (error as Error).message });
        }
    }
    if (typeof inputs.database !== "string" || (inputs.database !== UNKNOWN && !DATABASE_NAME.test(inputs.database))) {
        failures.push({ property: "database", reason: "database must be a Kusto database name: letters, digits, underscore, space, dot or dash, at most 260 characters" });
    }
    if (!Array.isArray(inputs.scripts) || inputs.scripts.length === 0 || inputs.scripts.some((f) => typeof f?.path !== "string" || typeof f?.text !== "string")) {
        failures.push({ property: "scripts", reason: "scripts must be a non-empty list of { path, text } (the .kql files' content)" });
    }
    const owned = inputs.databasePoliciesOwnedElsewhere;
    if (owned !== undefined && (!Array.isArray(owned) || owned.some((kind) => !(OWNED_DATABASE_POLICIES as readonly string[]).includes(kind)))) {
        failures.push({ property: "databasePoliciesOwnedElsewhere", reason: `databasePoliciesOwnedElsewhere must be a list of ${OWNED_DATABASE_POLICIES.join(", ")}` });
    }
    failures.push(...checkLimitInputs(inputs));
    if (inputs.dropOnDelete && !inputs.allowDataLoss) {
        failures.push({ property: "dropOnDelete", reason: "dropOnDelete drops tables and their data when the resource is deleted; it requires allowDataLoss: true as well" });
    }
    return failures;
}
