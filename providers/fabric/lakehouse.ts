/**
 * Lakehouse items (`microsoft/fabric-rest-api-specs/lakehouse/`): the batch side of the site, reading the KQL tables
 * mirrored to OneLake through shortcuts (shortcut.ts). `enableSchemas` goes in `creationPayload`
 * (`CreateLakehouseWithPayload.json`) and cannot be patched, so changing it replaces the Lakehouse.
 * An existing Lakehouse is adopted with the resource option `import: "<workspaceId>/<lakehouseId>"`.
 */
import * as pulumi from "@pulumi/pulumi";
import type { FabricClientOptions } from "./client-options";
import { itemProvider } from "./items";
import type { FabricItemArgs, FabricItem, FabricItemInputs, FabricItemOutputs, FabricResourceProvider, ItemKind } from "./items";

export interface LakehouseInputs extends FabricItemInputs {
    /** Schema-enabled Lakehouse (`Tables/<schema>/<table>`). Default false. */
    enableSchemas: boolean;
}

export interface LakehouseOutputs extends FabricItemOutputs, LakehouseInputs {
    /** `https://onelake.dfs.fabric.microsoft.com/<ws>/<lakehouse>/Tables`. */
    oneLakeTablesPath: string;
    oneLakeFilesPath: string;
    /** The SQL analytics endpoint's server name ("" while it is being provisioned). */
    sqlEndpointConnectionString: string;
}

const str = (v: unknown): string => (typeof v === "string" ? v : "");

export const lakehouseKind: ItemKind<LakehouseInputs, LakehouseOutputs> = {
    type: "Lakehouse",
    collection: "lakehouses",
    needsGet: true,
    replaceKeys: ["enableSchemas"],
    definitionKeys: [],
    validate: (inputs) => (typeof (inputs.enableSchemas ?? false) === "boolean" ? [] : [{ property: "enableSchemas", reason: "must be true or false" }]),
    createBody: (inputs) => (inputs.enableSchemas ? { creationPayload: { enableSchemas: true } } : {}),
    outputs: (_inputs, item: FabricItem) => ({
        oneLakeTablesPath: str(item.properties?.oneLakeTablesPath),
        oneLakeFilesPath: str(item.properties?.oneLakeFilesPath),
        sqlEndpointConnectionString: str((item.properties?.sqlEndpointProperties as { connectionString?: unknown } | undefined)?.connectionString),
    }),
    // A schema-enabled Lakehouse reports its `defaultSchema` (GetLakehouseWithSchema.json); others do not.
    readInputs: (_client, item) => Promise.resolve({ enableSchemas: typeof item.properties?.defaultSchema === "string" }),
};

/** The Lakehouse dynamic provider; `options` configure its Fabric client (token, delays, stats). */
export function lakehouseProvider(options: Omit<FabricClientOptions, "baseUrl"> = {}): FabricResourceProvider<LakehouseInputs, LakehouseOutputs> {
    return itemProvider(lakehouseKind, options);
}

const defaultProvider = lakehouseProvider();

export interface LakehouseItemArgs extends FabricItemArgs {
    /** Default false. Changing it replaces the Lakehouse. */
    enableSchemas?: pulumi.Input<boolean>;
}

/** A Lakehouse. Type token `pulumi-nodejs:dynamic/fabric:Lakehouse`; import id `<workspaceId>/<itemId>`. */
export class LakehouseItem extends pulumi.dynamic.Resource {
    declare readonly itemId: pulumi.Output<string>;
    declare readonly oneLakeTablesPath: pulumi.Output<string>;
    declare readonly oneLakeFilesPath: pulumi.Output<string>;
    declare readonly sqlEndpointConnectionString: pulumi.Output<string>;

    constructor(name: string, args: LakehouseItemArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            defaultProvider,
            name,
            { description: "", enableSchemas: false, hardDelete: false, apiBaseUrl: undefined, ...args, itemId: undefined, adopted: undefined, oneLakeTablesPath: undefined, oneLakeFilesPath: undefined, sqlEndpointConnectionString: undefined },
            opts,
            "fabric",
            "Lakehouse",
        );
    }
}
