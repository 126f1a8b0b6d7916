import type * as pulumi from "@pulumi/pulumi";

/**
 * Where the medallion schema is applied: what both KQL backends (`Eventhouse` on Fabric, `AdxDatabase`
 * on Azure Data Explorer) expose, so a site can pick either and hand it to the schema component.
 */
export interface KqlDatabaseTarget {
    /** Cluster/Eventhouse query URI, e.g. `https://trd-xxxx.z0.kusto.fabric.microsoft.com` or `https://name.region.kusto.windows.net`. */
    readonly queryServiceUri: pulumi.Output<string>;
    /** Ingestion URI (`https://ingest-...`). */
    readonly ingestionServiceUri: pulumi.Output<string>;
    /** The database name to use in KQL and connection strings. */
    readonly databaseName: pulumi.Output<string>;
    /** Fabric KQL database item id, or the ADX database's ARM id. */
    readonly databaseId: pulumi.Output<string>;
}

/** Names the Bronze ingestion uses on both backends (`kql/1-bronze.kql`). */
export const BRONZE_TABLE = "Bronze";
export const BRONZE_MAPPING = "bronze_mapping";
