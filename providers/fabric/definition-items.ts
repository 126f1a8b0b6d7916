/**
 * Items whose content is one JSON definition part (Real-Time Dashboard `RealTimeDashboard.json`,
 * Activator `ReflexEntities.json`), on top of the shared item provider, with three rules:
 *
 * - the part is held in state as decoded JSON with its keys sorted, so diffs compare content,
 *   never base64 text or key order (the engine may hand objects back in another key order);
 * - `updateDefinition` is sent only when that content changed;
 * - the service may normalize what it stores (a newer `schema_version`, added defaults), so a
 *   refresh does not compare what it reads with what was sent. After every write the provider reads
 *   the definition back and remembers its hash (`liveDefinitionHash`); on refresh, a live
 *   definition with that hash means nobody touched the item, and state keeps what was sent. Any
 *   other live definition is drift (an edit in the portal): it becomes the refreshed input, so the
 *   next `up` shows the difference and puts the code's definition back.
 */
import { createHash } from "node:crypto";
import { clientForInputs } from "./client";
import type { FabricClient, FabricClientInputs } from "./client";
import type { FabricClientOptions } from "./client-options";
import { jsonPart, readJsonPart } from "./definitions";
import type { ItemDefinition } from "./definitions";
import { itemProvider, parseItemId } from "./items";
import type { FabricItemInputs, FabricItemOutputs, FabricResourceProvider, ItemKind } from "./items";

/** Outputs a definition item adds: the hash of the definition as the service returned it after the last write. */
export interface DefinitionItemOutputs {
    liveDefinitionHash: string;
}

/** `value` with every object's keys sorted, recursively (arrays keep their order). */
export function canonicalJson(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(canonicalJson);
    }
    if (value && typeof value === "object") {
        return Object.fromEntries(
            Object.keys(value)
                .sort()
                .map((k) => [k, canonicalJson((value as Record<string, unknown>)[k])]),
        );
    }
    return value;
}

/** SHA-256 of the canonical JSON text of `value`. */
export function hashJson(value: unknown): string {
    return createHash("sha256").update(JSON.stringify(canonicalJson(value) ?? null)).digest("hex");
}

/** What differs between item types that hold one JSON part. */
export interface DefinitionItemSpec<I extends FabricItemInputs> {
    type: string;
    collection: string;
    /** The input holding the decoded part. */
    key: keyof I & string;
    /** The part's path, e.g. `RealTimeDashboard.json`. */
    part: string;
    /** `definition.format`, when the item type has one (`json` for Reflex). */
    format?: string;
    /** Problems with the type's own inputs. */
    validate(inputs: I): { property: string; reason: string }[];
}

/** The provider for a one-part definition item; `options` configure its Fabric client (tests: token, delays, stats). */
export function definitionItemProvider<I extends FabricItemInputs, O extends FabricItemOutputs & DefinitionItemOutputs & I>(
    spec: DefinitionItemSpec<I>,
    options: Omit<FabricClientOptions, "baseUrl"> = {},
): FabricResourceProvider<I, O> {
    const definition = (inputs: I): ItemDefinition => ({ ...(spec.format ? { format: spec.format } : {}), parts: [jsonPart(spec.part, inputs[spec.key])] });
    const readLive = async (client: FabricClient, itemPath: string): Promise<unknown> => {
        const live = (await client.post<{ definition: ItemDefinition }>(`${itemPath}/getDefinition`, undefined, { query: spec.format ? { format: spec.format } : undefined })).body?.definition;
        return canonicalJson(readJsonPart<unknown>(live, spec.part));
    };
    const kind: ItemKind<I, O> = {
        type: spec.type,
        collection: spec.collection,
        needsGet: false,
        replaceKeys: [],
        definitionKeys: [spec.key],
        validate: (inputs) => spec.validate(inputs),
        createBody: (inputs) => ({ definition: definition(inputs) }),
        definition,
        // Filled in below, after the definition has been read back.
        outputs: () => ({ liveDefinitionHash: "" }) as unknown as Omit<O, keyof I | keyof FabricItemOutputs>,
        readInputs: async (client, _item, itemPath) => ({ [spec.key]: await readLive(client, itemPath) }) as unknown as Omit<I, keyof FabricItemInputs>,
    };
    const base = itemProvider(kind, options);
    const clientFor = (inputs: FabricClientInputs) => clientForInputs(options, inputs);
    const itemPath = (id: string) => {
        const { workspaceId, itemId } = parseItemId(id);
        return `/workspaces/${workspaceId}/${spec.collection}/${itemId}`;
    };
    const canonical = <T extends I | O>(inputs: T): T => ({ ...inputs, [spec.key]: canonicalJson(inputs[spec.key]) });

    return {
        async check(olds: I, news: I) {
            const checked = await base.check(olds, news);
            return { ...checked, inputs: checked.inputs ? canonical(checked.inputs) : checked.inputs };
        },

        diff: (id: string, olds: O, news: I) => base.diff(id, canonical(olds), canonical(news)),

        async create(inputs: I) {
            const created = await base.create(canonical(inputs));
            const live = await readLive(clientFor(inputs), itemPath(created.id));
            return { id: created.id, outs: { ...created.outs, liveDefinitionHash: hashJson(live) } };
        },

        async read(id: string, props?: O) {
            const result = await base.read(id, props);
            if (!result.id || !result.props) {
                return result;
            }
            const liveHash = hashJson(result.props[spec.key]);
            // Unchanged since our last write: keep what was sent, whatever the service normalized.
            const value = props && props.liveDefinitionHash === liveHash ? props[spec.key] : result.props[spec.key];
            return {
                id: result.id,
                props: { ...result.props, [spec.key]: value, liveDefinitionHash: liveHash },
                inputs: { ...(result.inputs as I), [spec.key]: value },
            };
        },

        async update(id: string, olds: O, news: I) {
            const next = canonical(news);
            const updated = await base.update(id, canonical(olds), next);
            const changed = hashJson(olds[spec.key]) !== hashJson(next[spec.key]);
            const liveDefinitionHash = changed ? hashJson(await readLive(clientFor(next), itemPath(id))) : olds.liveDefinitionHash;
            return { outs: { ...updated.outs, liveDefinitionHash } };
        },

        delete: (id: string, props: O) => base.delete(id, props),
    };
}
