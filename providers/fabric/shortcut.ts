/**
 * OneLake shortcuts (`microsoft/fabric-rest-api-specs/platform/swagger.json`, `OneLakeShortcuts_*`): a Lakehouse table
 * that points at a KQL database table mirrored to OneLake (the spec: `oneLake.itemId` "can be an item
 * of Lakehouse, KQLDatabase, or Warehouse"). Not long-running: create answers 201 (200 on overwrite).
 *
 * - create sends `shortcutConflictPolicy=Abort`, so an existing shortcut is never silently replaced;
 *   on a conflict the provider reads the existing one and adopts it only if it already points at
 *   the same target (a lost state file), otherwise it fails and says how to import or rename;
 * - a new target is applied in place with `shortcutConflictPolicy=OverwriteOnly` (200);
 * - a new Lakehouse, folder or name is a new shortcut (replacement);
 * - a target not found yet is asked for again: OneLake availability creates a mirrored table's folder
 *   in OneLake when its mirroring policy is turned on ("a delta log folder is created",
 *   https://learn.microsoft.com/fabric/real-time-intelligence/event-house-onelake-availability), which
 *   the schema resource the shortcut waits for has just done. A 404 or an `...NotFound` code (the
 *   spec's `ItemNotFound`) is retried up to `TARGET_ATTEMPTS` times, `TARGET_WAIT_MS` apart, each wait
 *   announced and within the deadline; then the error says what to check.
 *
 * Resource and import id: `<workspaceId>/<lakehouseId>/<path>/<name>`, e.g.
 * `<ws>/<lh>/Tables/Silver`.
 */
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_FABRIC_API, clientForInputs } from "./client";
import type { FabricClient, FabricClientInputs } from "./client";
import type { FabricClientOptions } from "./client-options";
import { FabricApiError, unlessNotFound } from "./errors";
import { checkLimitInputs } from "../deadline";
import type { FabricClientArgs, FabricResourceProvider } from "./items";
import { GUID } from "../../kusto/text";

/** Where a OneLake shortcut points. */
export interface OneLakeTarget {
    /** Workspace of the target item. */
    workspaceId: string;
    /** The target item: a KQL database (its mirrored tables), a Lakehouse or a Warehouse. */
    itemId: string;
    /** Path inside the item, e.g. `Tables/Silver`. */
    path: string;
}

export interface OneLakeShortcutInputs extends FabricClientInputs {
    /** Fabric REST base URL. Default `https://api.fabric.microsoft.com/v1`. */
    apiBaseUrl: string;
    /** Workspace of the Lakehouse. */
    workspaceId: string;
    lakehouseId: string;
    /** Folder of the shortcut in the Lakehouse: `Tables` (or `Tables/<schema>` in a schema-enabled Lakehouse). */
    path: string;
    /** Shortcut name: the table name in the Lakehouse. */
    name: string;
    target: OneLakeTarget;
}

export type OneLakeShortcutOutputs = OneLakeShortcutInputs;

interface ShortcutBody {
    path: string;
    name: string;
    target?: { type?: string; oneLake?: OneLakeTarget };
}

const NAME = /^[^/\\:*?"<>|]{1,256}$/;

/** Splits a shortcut id `<workspaceId>/<lakehouseId>/<path>/<name>`. */
export function parseShortcutId(id: string): { workspaceId: string; lakehouseId: string; path: string; name: string } {
    const segments = id.split("/");
    if (segments.length < 4 || !GUID.test(segments[0]) || !GUID.test(segments[1])) {
        throw new Error(`OneLake shortcut id "${id}" is not <workspaceId>/<lakehouseId>/<path>/<name>, e.g. <ws>/<lakehouse>/Tables/Silver`);
    }
    return { workspaceId: segments[0], lakehouseId: segments[1], path: segments.slice(2, -1).join("/"), name: segments[segments.length - 1] };
}

function shortcutsPath(workspaceId: string, lakehouseId: string): string {
    return `/workspaces/${workspaceId}/items/${lakehouseId}/shortcuts`;
}

function shortcutPath(inputs: { workspaceId: string; lakehouseId: string; path: string; name: string }): string {
    const encoded = [...inputs.path.split("/"), inputs.name].map(encodeURIComponent).join("/");
    return `${shortcutsPath(inputs.workspaceId, inputs.lakehouseId)}/${encoded}`;
}

function sameTarget(a: OneLakeTarget | undefined, b: OneLakeTarget): boolean {
    return !!a && a.workspaceId.toLowerCase() === b.workspaceId.toLowerCase() && a.itemId.toLowerCase() === b.itemId.toLowerCase() && a.path === b.path;
}

function validate(inputs: OneLakeShortcutInputs): { property: string; reason: string }[] {
    const failures: { property: string; reason: string }[] = [];
    for (const [property, value] of [["workspaceId", inputs.workspaceId], ["lakehouseId", inputs.lakehouseId], ["target.workspaceId", inputs.target?.workspaceId], ["target.itemId", inputs.target?.itemId]] as const) {
        if (!GUID.test(value ?? "")) {
            failures.push({ property, reason: `must be a GUID, got "${value}"` });
        }
    }
    if (!/^Tables(\/[^/]+)?$|^Files(\/[^/]+)*$/.test(inputs.path ?? "")) {
        failures.push({ property: "path", reason: `must be "Tables", "Tables/<schema>" or a folder under "Files", got "${inputs.path}"` });
    }
    if (!NAME.test(inputs.name ?? "")) {
        failures.push({ property: "name", reason: `must be 1 to 256 characters without / \\ : * ? " < > |, got "${inputs.name}"` });
    }
    if (!inputs.target?.path) {
        failures.push({ property: "target.path", reason: "must name the table, e.g. Tables/Silver" });
    }
    return [...failures, ...checkLimitInputs(inputs)];
}

/** Attempts at creating a shortcut whose target is not found yet, and the wait between them (ms): about 5 minutes in all. */
export const TARGET_ATTEMPTS = 6;
export const TARGET_WAIT_MS = 60_000;

function targetNotFound(err: unknown): err is FabricApiError {
    return err instanceof FabricApiError && (err.status === 404 || /NotFound$/i.test(err.errorCode));
}

/** The OneLake shortcut dynamic provider; `options` configure its Fabric client (token, delays, stats). */
export function oneLakeShortcutProvider(options: Omit<FabricClientOptions, "baseUrl"> = {}): FabricResourceProvider<OneLakeShortcutInputs, OneLakeShortcutOutputs> {
    const clientFor = (inputs: FabricClientInputs) => clientForInputs(options, inputs);
    const withDefaults = (inputs: OneLakeShortcutInputs): OneLakeShortcutInputs => ({ ...inputs, apiBaseUrl: inputs.apiBaseUrl || DEFAULT_FABRIC_API, path: inputs.path || "Tables" });
    const idOf = (i: OneLakeShortcutInputs) => `${i.workspaceId}/${i.lakehouseId}/${i.path}/${i.name}`;
    const post = async (client: FabricClient, inputs: OneLakeShortcutInputs, policy: "Abort" | "OverwriteOnly"): Promise<void> => {
        const path = shortcutsPath(inputs.workspaceId, inputs.lakehouseId);
        const target = `${inputs.target.workspaceId}/${inputs.target.itemId}/${inputs.target.path}`;
        for (let attempt = 1; ; attempt++) {
            try {
                await client.post<ShortcutBody>(path, { path: inputs.path, name: inputs.name, target: { oneLake: inputs.target } }, { query: { shortcutConflictPolicy: policy } });
                return;
            } catch (err) {
                // Under OverwriteOnly a 404 also means "no shortcut to overwrite": only a create waits.
                if (policy !== "Abort" || !targetNotFound(err)) {
                    throw err;
                }
                if (attempt >= TARGET_ATTEMPTS) {
                    const table = inputs.target.path.split("/").pop() ?? "";
                    throw err.withHint(
                        `The shortcut's target ${target} (or the Lakehouse) was still not found after ${attempt} attempts. Check that the target item exists and that table ${table} is mirrored to OneLake (.show table ${table} policy mirroring shows IsEnabled true), then run pulumi up again.`,
                    );
                }
                const answer = `answered ${err.status} ${err.errorCode}${err.requestId ? ` (request id ${err.requestId})` : ""}`;
                await client.retryLater(`Fabric API POST ${path} (shortcut ${inputs.path}/${inputs.name})`, `${answer}: target ${target} is not in OneLake yet`, TARGET_WAIT_MS, attempt + 1, err);
            }
        }
    };

    return {
        check(_olds, news) {
            const inputs = withDefaults(news);
            return Promise.resolve({ inputs, failures: validate(inputs) });
        },

        diff(_id, olds, news) {
            const replaces = (["workspaceId", "lakehouseId", "path", "name"] as const).filter((k) => olds[k] !== news[k]);
            const changes = replaces.length > 0 || !sameTarget(olds.target, news.target) || olds.apiBaseUrl !== news.apiBaseUrl;
            // The same name in the same folder can only exist once: delete the old one first.
            return Promise.resolve({ changes, replaces, deleteBeforeReplace: replaces.length > 0 && olds.name === news.name && olds.path === news.path && olds.lakehouseId === news.lakehouseId });
        },

        async create(raw) {
            const inputs = withDefaults(raw);
            const client = clientFor(inputs);
            try {
                await post(client, inputs, "Abort");
            } catch (err) {
                if (!(err instanceof FabricApiError) || err.status !== 409) {
                    throw err;
                }
                const existing = await client.get<ShortcutBody>(shortcutPath(inputs));
                if (!sameTarget(existing?.target?.oneLake, inputs.target)) {
                    const now = existing?.target?.oneLake;
                    throw err.withHint(
                        `A shortcut ${inputs.path}/${inputs.name} already exists in Lakehouse ${inputs.lakehouseId}` +
                            (now ? ` and points at ${now.workspaceId}/${now.itemId}/${now.path}` : "") +
                            `. To manage it, add the resource option { import: "${idOf(inputs)}" }; or choose another name.`,
                    );
                }
            }
            return { id: idOf(inputs), outs: inputs };
        },

        async read(id, props) {
            const key = parseShortcutId(id);
            const body = await unlessNotFound(clientFor(props ?? {}).get<ShortcutBody>(shortcutPath(key)));
            if (!body) {
                return {};
            }
            const target = body?.target?.oneLake;
            if (!target) {
                throw new Error(`shortcut ${id} is not a OneLake shortcut (target type ${body?.target?.type ?? "unknown"}); edge-fabric manages OneLake shortcuts only`);
            }
            const outs: OneLakeShortcutOutputs = { apiBaseUrl: props?.apiBaseUrl ?? DEFAULT_FABRIC_API, ...key, target: { workspaceId: target.workspaceId, itemId: target.itemId, path: target.path } };
            return { id, props: outs, inputs: outs };
        },

        async update(_id, _olds, raw) {
            const inputs = withDefaults(raw);
            await post(clientFor(inputs), inputs, "OverwriteOnly");
            return { outs: inputs };
        },

        async delete(id, props) {
            await unlessNotFound(clientFor(props).delete(shortcutPath(parseShortcutId(id))));
        },
    };
}

const defaultProvider = oneLakeShortcutProvider();

export interface OneLakeShortcutArgs extends FabricClientArgs {
    workspaceId: pulumi.Input<string>;
    lakehouseId: pulumi.Input<string>;
    /** Shortcut name (the Lakehouse table name). */
    name: pulumi.Input<string>;
    /** Folder in the Lakehouse. Default `Tables`. */
    path?: pulumi.Input<string>;
    target: pulumi.Input<{ workspaceId: pulumi.Input<string>; itemId: pulumi.Input<string>; path: pulumi.Input<string> }>;
}

/** A OneLake shortcut. Type token `pulumi-nodejs:dynamic/fabric:OneLakeShortcut`; import id `<workspaceId>/<lakehouseId>/<path>/<name>`. */
export class OneLakeShortcut extends pulumi.dynamic.Resource {
    constructor(name: string, args: OneLakeShortcutArgs, opts?: pulumi.CustomResourceOptions) {
        super(defaultProvider, name, { path: "Tables", apiBaseUrl: undefined, ...args }, opts, "fabric", "OneLakeShortcut");
    }
}
