/** The edge-fabric component library. */
export { MedallionSchema, sitePolicyScript, defaultLayerObjects, SITE_POLICIES_PATH, type MedallionSchemaArgs, type LayerRetention, type MedallionLayer, type MedallionObject } from "./cloud/medallion";
export { KqlDatabaseSchema, type KqlDatabaseSchemaArgs } from "../providers/kusto/provider";
