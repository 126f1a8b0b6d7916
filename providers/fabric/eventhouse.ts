/**
 * Eventhouse items (`microsoft/fabric-rest-api-specs/eventhouse/`). `minimumConsumptionUnits` goes in `creationPayload`
 * (`EventhouseCreationPayload`); `UpdateEventhouseRequest` has only `displayName` and `description`,
 * so changing the minimum consumption replaces the Eventhouse.
 */
import * as pulumi from "@pulumi/pulumi";
import type { FabricClientOptions } from "./client-options";
import { itemProvider } from "./items";
import type { FabricItemArgs, FabricItem, FabricItemInputs, FabricItemOutputs, FabricResourceProvider, ItemKind } from "./items";

/** Values the spec lists for `minimumConsumptionUnits`, besides any number from 51 to 322. */
export const MINIMUM_CONSUMPTION_STEPS = [0, 2.25, 4.25, 8.5, 13, 18, 26, 34, 50] as const;

export interface EventhouseInputs extends FabricItemInputs {
    /** Always-on minimum capacity units (0 = none). Default 0. */
    minimumConsumptionUnits: number;
}

export interface EventhouseOutputs extends FabricItemOutputs, EventhouseInputs {
    queryServiceUri: string;
    ingestionServiceUri: string;
    /** Ids of the KQL databases in the Eventhouse (`databasesItemIds`), the default database included. */
    databaseIds: string[];
}

/** Problems with a minimum consumption value, named for the property path the caller uses. */
export function validateMinimumConsumption(value: number, property: string): { property: string; reason: string }[] {
    const ok = (MINIMUM_CONSUMPTION_STEPS as readonly number[]).includes(value) || (value >= 51 && value <= 322);
    return ok ? [] : [{ property, reason: `must be one of ${MINIMUM_CONSUMPTION_STEPS.join(", ")} or a number from 51 to 322, got ${value}` }];
}

const str = (v: unknown): string => (typeof v === "string" ? v : "");

export const eventhouseKind: ItemKind<EventhouseInputs, EventhouseOutputs> = {
    type: "Eventhouse",
    collection: "eventhouses",
    needsGet: true,
    replaceKeys: ["minimumConsumptionUnits"],
    definitionKeys: [],
    validate: (inputs) => validateMinimumConsumption(inputs.minimumConsumptionUnits ?? 0, "minimumConsumptionUnits"),
    createBody: (inputs) => ({ creationPayload: { minimumConsumptionUnits: inputs.minimumConsumptionUnits ?? 0 } }),
    outputs: (_inputs, item: FabricItem) => ({
        queryServiceUri: str(item.properties?.queryServiceUri),
        ingestionServiceUri: str(item.properties?.ingestionServiceUri),
        databaseIds: Array.isArray(item.properties?.databasesItemIds) ? item.properties.databasesItemIds.map(String) : [],
    }),
    readInputs: (_client, item) => Promise.resolve({ minimumConsumptionUnits: typeof item.properties?.minimumConsumptionUnits === "number" ? item.properties.minimumConsumptionUnits : 0 }),
};

/** The Eventhouse dynamic provider; `options` configure its Fabric client (token, delays, stats). */
export function eventhouseProvider(options: Omit<FabricClientOptions, "baseUrl"> = {}): FabricResourceProvider<EventhouseInputs, EventhouseOutputs> {
    return itemProvider(eventhouseKind, options);
}

const defaultProvider = eventhouseProvider();

export interface EventhouseItemArgs extends FabricItemArgs {
    /** Default 0. Changing it replaces the Eventhouse (and its databases). */
    minimumConsumptionUnits?: pulumi.Input<number>;
}

/** A Fabric Eventhouse. Type token `pulumi-nodejs:dynamic/fabric:Eventhouse`; import id `<workspaceId>/<itemId>`. */
export class EventhouseItem extends pulumi.dynamic.Resource {
    declare readonly itemId: pulumi.Output<string>;
    declare readonly queryServiceUri: pulumi.Output<string>;
    declare readonly ingestionServiceUri: pulumi.Output<string>;
    declare readonly databaseIds: pulumi.Output<string[]>;

    constructor(name: string, args: EventhouseItemArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            defaultProvider,
            name,
            { minimumConsumptionUnits: 0, description: "", hardDelete: false, apiBaseUrl: undefined, ...args, itemId: undefined, queryServiceUri: undefined, ingestionServiceUri: undefined, databaseIds: undefined, adopted: undefined },
            opts,
            "fabric",
            "Eventhouse",
        );
    }
}
