/**
 * The create/read/diff/update/delete every Fabric item shares (`/workspaces/{ws}/{collection}`, see
 * `microsoft/fabric-rest-api-specs/{eventhouse,kqlDatabase,eventstream}/swagger.json`); an `ItemKind` adds what differs:
 * the create body, what can only be changed by replacement, the definition parts, and the outputs.
 *
 * Resource ids are `<workspaceId>/<itemId>`, which is also the import id.
 */
import { DEFAULT_FABRIC_API, clientForInputs } from "./client";
import type { FabricClient, FabricClientInputs } from "./client";
import type { FabricClientOptions } from "./client-options";
import { FabricApiError, NAME_ALREADY_IN_USE, unlessNotFound } from "./errors";
import { checkLimitInputs } from "../deadline";
import type { ItemDefinition } from "./definitions";
import type { Input } from "@pulumi/pulumi";
import { GUID } from "../../kusto/text";

/** An item as the API returns it (`Item` in `common/definitions.json`), with type-specific `properties`. */
export interface FabricItem {
    id: string;
    displayName: string;
    description?: string;
    type: string;
    workspaceId: string;
    properties?: Record<string, unknown>;
}

/** Inputs every Fabric item resource takes. */
export interface FabricItemInputs extends FabricClientInputs {
    /** Fabric REST base URL. Default `https://api.fabric.microsoft.com/v1`. */
    apiBaseUrl: string;
    workspaceId: string;
    displayName: string;
    /** Default "" (what the service stores when none is given). */
    description: string;
    /** Delete permanently instead of soft-deleting (`?hardDelete=true`, needs workspace Admin). Default false. */
    hardDelete: boolean;
}

/**
 * Resource args that configure the Fabric client of a resource's create, read, update and delete.
 * The limits are not compared by `diff`: changing them changes no item.
 */
export interface FabricClientArgs {
    /** Fabric REST base URL. Defaults to `https://api.fabric.microsoft.com/v1`. */
    apiBaseUrl?: Input<string>;
    /** Longest wait for one HTTP answer, in seconds. Defaults to `$EDGE_FABRIC_REQUEST_TIMEOUT`, else 120. */
    requestTimeoutSeconds?: Input<number>;
    /** Longest time one create, read, update or delete may take, every retry and operation poll included, in seconds. Defaults to `$EDGE_FABRIC_DEADLINE`, else 1200 (20 minutes). */
    deadlineSeconds?: Input<number>;
}

/** Resource args every Fabric item resource takes (the user-facing side of {@link FabricItemInputs}). */
export interface FabricItemArgs extends FabricClientArgs {
    workspaceId: Input<string>;
    displayName: Input<string>;
    /** Default "". */
    description?: Input<string>;
    /** Default false (soft delete). */
    hardDelete?: Input<boolean>;
}

/** Outputs every Fabric item resource has. */
export interface FabricItemOutputs extends FabricItemInputs {
    itemId: string;
    /** True when create found the item already there and adopted it (e.g. an Eventhouse's default database). */
    adopted: boolean;
}

export interface ItemKind<I extends FabricItemInputs, O extends FabricItemOutputs> {
    /** `ItemType` value, e.g. `Eventhouse`. */
    type: string;
    /** Path segment of the type-specific API, e.g. `eventhouses`. */
    collection: string;
    /** Problems with the inputs as `{ property, reason }`; empty when valid. */
    validate(inputs: I): { property: string; reason: string }[];
    /** Inputs besides `workspaceId` whose change needs a new item, because the API cannot patch them. */
    replaceKeys: readonly (keyof I & string)[];
    /** Inputs applied through `updateDefinition`. */
    definitionKeys: readonly (keyof I & string)[];
    /** `creationPayload` or `definition` of the create request. */
    createBody(inputs: I): Record<string, unknown>;
    /** The definition sent by `updateDefinition` when a definition key changed. */
    definition?(inputs: I): ItemDefinition;
    /** Outputs from the item as `GET` returns it. */
    outputs(inputs: I, item: FabricItem): Omit<O, keyof I | keyof FabricItemOutputs>;
    /** Inputs recovered from the live item (and its definition) on refresh and import. */
    readInputs(client: FabricClient, item: FabricItem, path: string): Promise<Omit<I, keyof FabricItemInputs>>;
    /** On `ItemDisplayNameAlreadyInUse`: whether the existing item with that name is ours to adopt. */
    adoptable?(existing: FabricItem, inputs: I): boolean;
    /** Whether the create answer lacks `properties`, so a `GET` must follow it. */
    needsGet: boolean;
}

/**
 * A Pulumi dynamic provider (`pulumi.dynamic.ResourceProvider`) with every method present and typed
 * results, so tests and the bench call it without optional chaining.
 */
export interface FabricResourceProvider<I, O> {
    check(olds: I, news: I): Promise<{ inputs: I; failures: { property: string; reason: string }[] }>;
    diff(id: string, olds: O, news: I): Promise<{ changes: boolean; replaces: string[]; deleteBeforeReplace?: boolean }>;
    create(inputs: I): Promise<{ id: string; outs: O }>;
    /** `{}` when the resource is gone (the engine then drops it from state). */
    read(id: string, props?: O): Promise<{ id?: string; props?: O; inputs?: I }>;
    update(id: string, olds: O, news: I): Promise<{ outs: O }>;
    delete(id: string, props: O): Promise<void>;
}

/** A GUID as the Fabric REST API writes ids (`format: uuid`). */

/** Splits a resource/import id `<workspaceId>/<itemId>`; `what` and `part` name the resource and its id in the error. */
export function parseItemId(id: string, what = "Fabric item", part = "itemId"): { workspaceId: string; itemId: string } {
    const m = /^([0-9a-fA-F-]{36})\/([0-9a-fA-F-]{36})$/.exec(id);
    if (!m) {
        throw new Error(`${what} id "${id}" is not <workspaceId>/<${part}> (two GUIDs separated by "/"); import an existing one with that id`);
    }
    return { workspaceId: m[1], itemId: m[2] };
}

/** Fills the defaults of the shared inputs, so state, diff and import compare like with like. */
export function withItemDefaults<I extends FabricItemInputs>(inputs: I): I {
    return { ...inputs, apiBaseUrl: inputs.apiBaseUrl || DEFAULT_FABRIC_API, description: inputs.description ?? "", hardDelete: inputs.hardDelete ?? false };
}

function same(a: unknown, b: unknown): boolean {
    return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

function checkShared(inputs: FabricItemInputs): { property: string; reason: string }[] {
    const failures: { property: string; reason: string }[] = [];
    if (!GUID.test(inputs.workspaceId ?? "")) {
        failures.push({ property: "workspaceId", reason: `must be a workspace GUID, got "${inputs.workspaceId}"` });
    }
    if (!inputs.displayName || inputs.displayName.length > 256) {
        failures.push({ property: "displayName", reason: "must be 1 to 256 characters" });
    }
    if ((inputs.description ?? "").length > 256) {
        failures.push({ property: "description", reason: "must be at most 256 characters" });
    }
    return [...failures, ...checkLimitInputs(inputs)];
}

/** A dynamic provider for one item kind. `options` configures the client (tests: token, delayScale, stats). */
export function itemProvider<I extends FabricItemInputs, O extends FabricItemOutputs>(kind: ItemKind<I, O>, options: Omit<FabricClientOptions, "baseUrl"> = {}): FabricResourceProvider<I, O> {
    const clientFor = (inputs: FabricClientInputs) => clientForInputs(options, inputs);
    const collectionPath = (workspaceId: string) => `/workspaces/${workspaceId}/${kind.collection}`;

    const finish = async (client: FabricClient, inputs: I, item: FabricItem, adopted: boolean): Promise<O> => {
        const live = kind.needsGet ? await client.get<FabricItem>(`${collectionPath(inputs.workspaceId)}/${item.id}`) : item;
        return { ...inputs, ...kind.outputs(inputs, live), itemId: item.id, adopted } as unknown as O;
    };

    const apply = async (client: FabricClient, itemPath: string, olds: { displayName: string; description: string; definitionChanged: boolean }, news: I) => {
        if (olds.displayName !== news.displayName || olds.description !== news.description) {
            await client.patch(itemPath, { displayName: news.displayName, description: news.description });
        }
        if (olds.definitionChanged && kind.definition) {
            await client.post(`${itemPath}/updateDefinition`, { definition: kind.definition(news) }, { result: false });
        }
    };

    return {
        check(_olds: I, news: I) {
            const inputs = withItemDefaults(news);
            return Promise.resolve({ inputs, failures: [...checkShared(inputs), ...kind.validate(inputs)] });
        },

        diff(_id: string, olds: O, news: I) {
            const replaces = ["workspaceId", ...kind.replaceKeys].filter((k) => !same(olds[k as keyof O], news[k as keyof I]));
            const updatable = ["displayName", "description", "hardDelete", ...kind.definitionKeys];
            const changes = replaces.length > 0 || updatable.some((k) => !same(olds[k as keyof O], news[k as keyof I]));
            // Names are unique per type in a workspace: a same-named replacement must delete first.
            return Promise.resolve({ changes, replaces, deleteBeforeReplace: replaces.length > 0 && olds.displayName === news.displayName });
        },

        async create(raw: I) {
            const inputs = withItemDefaults(raw);
            const client = clientFor(inputs);
            const path = collectionPath(inputs.workspaceId);
            let item: FabricItem | undefined;
            let adopted = false;
            try {
                item = (await client.post<FabricItem>(path, { displayName: inputs.displayName, description: inputs.description, ...kind.createBody(inputs) })).body;
            } catch (err) {
                if (!(err instanceof FabricApiError) || err.errorCode !== NAME_ALREADY_IN_USE) {
                    throw err;
                }
                const existing = (await client.list<FabricItem>(path)).find((i) => i.displayName === inputs.displayName);
                if (!existing || !kind.adoptable?.(existing, inputs)) {
                    const importId = existing ? `${inputs.workspaceId}/${existing.id}` : `${inputs.workspaceId}/<itemId>`;
                    throw err.withHint(
                        `A ${kind.type} named "${inputs.displayName}" already exists in workspace ${inputs.workspaceId}. ` +
                            `To adopt it, add the resource option { import: "${importId}" } (the inputs must match the live item), or choose another display name.`,
                    );
                }
                item = existing;
                adopted = true;
                const definitionChanged = kind.definitionKeys.some((k) => inputs[k] !== undefined);
                await apply(client, `${path}/${existing.id}`, { displayName: existing.displayName, description: existing.description ?? "", definitionChanged }, inputs);
            }
            if (!item?.id) {
                throw new Error(`Fabric API POST ${client.baseUrl}${path} returned no item id`);
            }
            return { id: `${inputs.workspaceId}/${item.id}`, outs: await finish(client, inputs, item, adopted) };
        },

        async read(id: string, props?: O) {
            const { workspaceId, itemId } = parseItemId(id);
            const client = clientFor(props ?? {});
            const path = `${collectionPath(workspaceId)}/${itemId}`;
            const item = await unlessNotFound(client.get<FabricItem>(path));
            if (!item) {
                return {}; // gone: an empty id tells the engine the resource no longer exists
            }
            const inputs = withItemDefaults({
                ...(await kind.readInputs(client, item, path)),
                apiBaseUrl: props?.apiBaseUrl ?? DEFAULT_FABRIC_API,
                workspaceId,
                displayName: item.displayName,
                description: item.description ?? "",
                hardDelete: props?.hardDelete ?? false,
            } as I);
            const outs = { ...inputs, ...kind.outputs(inputs, item), itemId, adopted: props?.adopted ?? false } as unknown as O;
            return { id, props: outs, inputs };
        },

        async update(id: string, olds: O, raw: I) {
            const news = withItemDefaults(raw);
            const { workspaceId, itemId } = parseItemId(id);
            const client = clientFor(news);
            const definitionChanged = kind.definitionKeys.some((k) => !same(olds[k as keyof O], news[k]));
            await apply(client, `${collectionPath(workspaceId)}/${itemId}`, { displayName: olds.displayName, description: olds.description, definitionChanged }, news);
            return { outs: await finish(client, news, { id: itemId, displayName: news.displayName, description: news.description, type: kind.type, workspaceId, properties: undefined }, olds.adopted) };
        },

        async delete(id: string, props: O) {
            const { workspaceId, itemId } = parseItemId(id);
            await unlessNotFound(clientFor(props).delete(`${collectionPath(workspaceId)}/${itemId}`, { hardDelete: props.hardDelete ? "true" : undefined }));
        },
    };
}
