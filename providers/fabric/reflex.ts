/**
 * Fabric Activator items (item type `Reflex`, `microsoft/fabric-rest-api-specs/reflex/`), EXPERIMENTAL: created with
 * their `ReflexEntities.json` (format `json`) and changed with `updateDefinition`, see
 * definition-items.ts. The entities come from a template (`components/serving/activator.ts`).
 */
import * as pulumi from "@pulumi/pulumi";
import type { FabricClientOptions } from "./client-options";
import { definitionItemProvider } from "./definition-items";
import type { DefinitionItemOutputs } from "./definition-items";
import type { FabricItemArgs, FabricItemInputs, FabricItemOutputs, FabricResourceProvider } from "./items";

export interface ReflexInputs extends FabricItemInputs {
    /** The decoded `ReflexEntities.json`: a flat array of `{ uniqueIdentifier, type, payload }`. */
    entities: unknown[];
}

export interface ReflexOutputs extends FabricItemOutputs, ReflexInputs, DefinitionItemOutputs {}

/** The Activator dynamic provider; `options` configure its Fabric client (token, delays, stats). */
export function reflexProvider(options: Omit<FabricClientOptions, "baseUrl"> = {}): FabricResourceProvider<ReflexInputs, ReflexOutputs> {
    return definitionItemProvider<ReflexInputs, ReflexOutputs>(
        {
            type: "Reflex",
            collection: "reflexes",
            key: "entities",
            part: "ReflexEntities.json",
            format: "json",
            validate: (inputs) =>
                Array.isArray(inputs.entities) && inputs.entities.every((e) => e && typeof e === "object" && typeof (e as { uniqueIdentifier?: unknown }).uniqueIdentifier === "string")
                    ? []
                    : [{ property: "entities", reason: "must be an array of entities, each with a uniqueIdentifier" }],
        },
        options,
    );
}

const defaultProvider = reflexProvider();

export interface ReflexItemArgs extends FabricItemArgs {
    /** The decoded `ReflexEntities.json` (see `components/serving/activator.ts`). */
    entities: pulumi.Input<unknown[]>;
}

/** A Fabric Activator. Type token `pulumi-nodejs:dynamic/fabric:Reflex`; import id `<workspaceId>/<itemId>`. */
export class ReflexItem extends pulumi.dynamic.Resource {
    declare readonly itemId: pulumi.Output<string>;
    declare readonly liveDefinitionHash: pulumi.Output<string>;

    constructor(name: string, args: ReflexItemArgs, opts?: pulumi.CustomResourceOptions) {
        super(defaultProvider, name, { description: "", hardDelete: false, apiBaseUrl: undefined, ...args, itemId: undefined, adopted: undefined, liveDefinitionHash: undefined }, opts, "fabric", "Reflex");
    }
}
