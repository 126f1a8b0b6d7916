/**
 * ReadWrite KQL databases in an Eventhouse (`microsoft/fabric-rest-api-specs/kqlDatabase/`). Created with a definition
 * (`DatabaseProperties.json`) so the OneLake caching and standard-storage periods are set at birth and
 * changed later with `updateDefinition`; the parent Eventhouse cannot change (replacement).
 *
 * An Eventhouse creates a default database with its own name. Creating a database of that name in the
 * same Eventhouse answers `ItemDisplayNameAlreadyInUse`; the provider then adopts the default database
 * (and applies the periods to it) instead of failing.
 */
import * as pulumi from "@pulumi/pulumi";
import type { FabricClientOptions } from "./client-options";
import { databaseDefinition, isoPeriodToDays, readJsonPart } from "./definitions";
import type { DatabaseProperties, ItemDefinition } from "./definitions";
import { itemProvider } from "./items";
import type { FabricClientArgs, FabricItem, FabricItemInputs, FabricItemOutputs, FabricResourceProvider, ItemKind } from "./items";

export interface KqlDatabaseInputs extends FabricItemInputs {
    parentEventhouseItemId: string;
    /** OneLake caching period (hot cache), days. Default: the service's (unlimited). */
    cachingPeriodDays?: number;
    /** OneLake standard storage period (retention), days. Default: the service's (unlimited). */
    standardStoragePeriodDays?: number;
}

export interface KqlDatabaseOutputs extends FabricItemOutputs, KqlDatabaseInputs {
    /** The database name to use in KQL and connection strings (the display name). */
    databaseName: string;
    queryServiceUri: string;
    ingestionServiceUri: string;
}

const str = (v: unknown): string => (typeof v === "string" ? v : "");

function periodFailures(inputs: KqlDatabaseInputs): { property: string; reason: string }[] {
    return (["cachingPeriodDays", "standardStoragePeriodDays"] as const)
        .filter((k) => {
            const days = inputs[k];
            return days !== undefined && !(Number.isInteger(days) && days >= 1 && days <= 36500);
        })
        .map((k) => ({ property: k, reason: `must be a whole number of days from 1 to 36500, got ${inputs[k]}` }));
}

export const kqlDatabaseKind: ItemKind<KqlDatabaseInputs, KqlDatabaseOutputs> = {
    type: "KQLDatabase",
    collection: "kqlDatabases",
    needsGet: true,
    replaceKeys: ["parentEventhouseItemId"],
    definitionKeys: ["cachingPeriodDays", "standardStoragePeriodDays"],
    validate: (inputs) => [
        ...(/^[0-9a-fA-F-]{36}$/.test(inputs.parentEventhouseItemId ?? "") ? [] : [{ property: "parentEventhouseItemId", reason: `must be the Eventhouse item GUID, got "${inputs.parentEventhouseItemId}"` }]),
        ...periodFailures(inputs),
    ],
    createBody: (inputs) => ({ definition: databaseDefinition({ parentEventhouseItemId: inputs.parentEventhouseItemId, cachingPeriodDays: inputs.cachingPeriodDays, standardStoragePeriodDays: inputs.standardStoragePeriodDays }) }),
    definition: (inputs) => databaseDefinition({ parentEventhouseItemId: inputs.parentEventhouseItemId, cachingPeriodDays: inputs.cachingPeriodDays, standardStoragePeriodDays: inputs.standardStoragePeriodDays }),
    outputs: (_inputs, item: FabricItem) => ({
        databaseName: item.displayName,
        queryServiceUri: str(item.properties?.queryServiceUri),
        ingestionServiceUri: str(item.properties?.ingestionServiceUri),
    }),
    readInputs: async (client, item, path) => {
        const definition = (await client.post<{ definition: ItemDefinition }>(`${path}/getDefinition`, undefined)).body?.definition;
        const props = readJsonPart<DatabaseProperties>(definition, "DatabaseProperties.json");
        return {
            parentEventhouseItemId: str(item.properties?.parentEventhouseItemId) || str(props?.parentEventhouseItemId),
            cachingPeriodDays: isoPeriodToDays(props?.oneLakeCachingPeriod),
            standardStoragePeriodDays: isoPeriodToDays(props?.oneLakeStandardStoragePeriod),
        };
    },
    // Only the default database of *our* Eventhouse is adopted; a same-named database elsewhere is a real conflict.
    adoptable: (existing, inputs) => existing.properties?.parentEventhouseItemId === inputs.parentEventhouseItemId,
};

/** The KQL database dynamic provider; `options` configure its Fabric client (token, delays, stats). */
export function kqlDatabaseProvider(options: Omit<FabricClientOptions, "baseUrl"> = {}): FabricResourceProvider<KqlDatabaseInputs, KqlDatabaseOutputs> {
    return itemProvider(kqlDatabaseKind, options);
}

const defaultProvider = kqlDatabaseProvider();

export interface KqlDatabaseItemArgs extends FabricClientArgs {
    workspaceId: pulumi.Input<string>;
    /** Also the database name in KQL. Same as the Eventhouse's name = adopt its default database. */
    displayName: pulumi.Input<string>;
    parentEventhouseItemId: pulumi.Input<string>;
    /** Default "". */
    description?: pulumi.Input<string>;
    /** OneLake caching period in days. Default: service default. */
    cachingPeriodDays?: pulumi.Input<number>;
    /** OneLake standard storage period in days. Default: service default. */
    standardStoragePeriodDays?: pulumi.Input<number>;
    /** Default false (soft delete). */
    hardDelete?: pulumi.Input<boolean>;
}

/** A ReadWrite KQL database. Type token `pulumi-nodejs:dynamic/fabric:KqlDatabase`; import id `<workspaceId>/<itemId>`. */
export class KqlDatabaseItem extends pulumi.dynamic.Resource {
    declare readonly itemId: pulumi.Output<string>;
    declare readonly databaseName: pulumi.Output<string>;
    declare readonly queryServiceUri: pulumi.Output<string>;
    declare readonly ingestionServiceUri: pulumi.Output<string>;
    declare readonly adopted: pulumi.Output<boolean>;

    constructor(name: string, args: KqlDatabaseItemArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            defaultProvider,
            name,
            { description: "", hardDelete: false, apiBaseUrl: undefined, cachingPeriodDays: undefined, standardStoragePeriodDays: undefined, ...args, itemId: undefined, databaseName: undefined, queryServiceUri: undefined, ingestionServiceUri: undefined, adopted: undefined },
            opts,
            "fabric",
            "KqlDatabase",
        );
    }
}
