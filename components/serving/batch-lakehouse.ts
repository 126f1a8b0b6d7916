/**
 * `BatchLakehouse`: the batch side of the site. A Lakehouse (created, or an existing one adopted by
 * id) with one OneLake shortcut per KQL table that is mirrored to OneLake (the tables' mirroring
 * policies in `kql/`), so Spark, SQL and Power BI read the same data the Eventhouse serves, with
 * no copy job. A shortcut only shows rows once the mirroring policy has written the delta table.
 */
import * as pulumi from "@pulumi/pulumi";
import { LakehouseItem } from "../../providers/fabric/lakehouse";
import { OneLakeShortcut } from "../../providers/fabric/shortcut";
import { type Problem, Problems, ValidationError } from "../validation";

export interface BatchLakehouseArgs {
    /** Site name; the default Lakehouse name is `<site>_lakehouse` (Lakehouse names allow letters, digits and underscores). */
    site: string;
    /** Workspace of the Lakehouse. */
    workspaceId: pulumi.Input<string>;
    /** Adopt this existing Lakehouse (item id) instead of creating one; it is never modified or deleted. Default: create. */
    lakehouseId?: pulumi.Input<string>;
    /** Name of a created Lakehouse. Default `<site>_lakehouse`. */
    displayName?: string;
    /** Create a schema-enabled Lakehouse; shortcuts then go to `Tables/<schema>`. Default false. */
    enableSchemas?: boolean;
    /** Schema of the shortcuts in a schema-enabled Lakehouse. Default `dbo`. */
    schema?: string;
    /** The KQL database whose tables are mirrored. */
    source: { workspaceId: pulumi.Input<string>; databaseId: pulumi.Input<string> };
    /** Mirrored tables to expose, e.g. `["Bronze", "Silver", "GoldTagStats5mTable"]`; each becomes a Lakehouse table of the same name. */
    tables: string[];
    /** Fabric REST base URL. Default `https://api.fabric.microsoft.com/v1`. */
    apiBaseUrl?: pulumi.Input<string>;
    /**
     * What creates the shortcuts' targets (the schema whose mirroring policies turn OneLake
     * availability on); every shortcut waits for it. A shortcut behaves like a symbolic link
     * (https://learn.microsoft.com/fabric/onelake/onelake-shortcuts). Default none.
     */
    targetsReady?: pulumi.Input<pulumi.Resource>[];
}

function lakehouseName(args: BatchLakehouseArgs): string {
    return args.displayName ?? `${args.site.replace(/[^A-Za-z0-9_]/g, "_")}_lakehouse`;
}

/** Every problem in the args (empty when they can be built), each with its arg path. */
export function validateBatchLakehouseArgs(args: BatchLakehouseArgs): Problem[] {
    const problems = new Problems("BatchLakehouse");
    args.tables.forEach((t, i) => problems.require(/^[A-Za-z_][A-Za-z0-9_]{0,255}$/.test(t), `tables[${i}]`, `"${t}" is not a table name`));
    problems.require(new Set(args.tables).size === args.tables.length, "tables", "lists a table twice");
    const displayName = lakehouseName(args);
    problems.require(/^[A-Za-z][A-Za-z0-9_]{0,255}$/.test(displayName), "displayName", `"${displayName}" is not a Lakehouse name (a letter, then letters, digits or underscores)`);
    problems.require(!(args.schema && !args.enableSchemas), "schema", "needs enableSchemas: true");
    return [...problems.all];
}

export class BatchLakehouse extends pulumi.ComponentResource {
    /** The Lakehouse item id (created or adopted). */
    readonly lakehouseId: pulumi.Output<string>;
    /** Shortcut names, one per mirrored table. */
    readonly shortcutNames: string[];

    constructor(name: string, args: BatchLakehouseArgs, opts?: pulumi.ComponentResourceOptions) {
        ValidationError.throwIfAny(`BatchLakehouse "${name}" is invalid`, validateBatchLakehouseArgs(args));
        super("edge-fabric:serving:BatchLakehouse", name, {}, opts);
        const displayName = lakehouseName(args);
        const lakehouse = args.lakehouseId === undefined ? new LakehouseItem(`${name}-lakehouse`, { workspaceId: args.workspaceId, displayName, enableSchemas: args.enableSchemas ?? false, apiBaseUrl: args.apiBaseUrl }, { parent: this }) : undefined;
        this.lakehouseId = lakehouse ? lakehouse.itemId : pulumi.output(args.lakehouseId as pulumi.Input<string>);
        const path = args.enableSchemas ? `Tables/${args.schema ?? "dbo"}` : "Tables";
        this.shortcutNames = args.tables;
        for (const table of args.tables) {
            new OneLakeShortcut(
                `${name}-${table}`,
                { workspaceId: args.workspaceId, lakehouseId: this.lakehouseId, path, name: table, target: { workspaceId: args.source.workspaceId, itemId: args.source.databaseId, path: `Tables/${table}` }, apiBaseUrl: args.apiBaseUrl },
                { parent: this, dependsOn: [...(lakehouse ? [lakehouse] : []), ...(args.targetsReady ?? [])] },
            );
        }
        this.registerOutputs({ lakehouseId: this.lakehouseId });
    }
}
