/** The standby KQL database of a site with `dr.standbyDatabase`, in the paired region. */
import type * as pulumi from "@pulumi/pulumi";
import type { ResourceGroup } from "@pulumi/azure-native/resources";
import type { EventHubsIngestion } from "./cloud/eventhubs";
import type { StandbyContext, StandbyDatabase } from "./cloud/disaster-recovery";
import { MedallionSchema } from "./cloud/medallion";
import type { EdgeEndpoint } from "./cloud/edge-endpoint";
import { Eventhouse } from "./cloud/eventhouse";
import type { SiteFabricStandbyArgs } from "./site-args";
import { workspaceWriters, type SiteSpec } from "./site-defaults";
import { siteAdxWithSchema } from "./site-database";
import { eventhouseDatabase, siteServingLayer, type ServingLayerInputs } from "./site-serving-layer";

/**
 * The standby KQL database in the paired region with the same medallion schema, reading the hub
 * through the alias with its own consumer group: an ADX cluster of its own there, or a Fabric
 * Eventhouse in the standby workspace with its own serving layer (items bind to item ids, so the
 * standby region gets its own, from the standby database's outputs).
 */
export function siteStandby(name: string, args: SiteSpec, rg: ResourceGroup, eventHubs: EventHubsIngestion, hubId: pulumi.Output<string>, ctx: StandbyContext, layer: ServingLayerInputs | undefined): StandbyDatabase & { edge?: EdgeEndpoint } {
    const s = args.serving;
    if (s.kind === "eventhouse") {
        // validateHybridSite refused a Fabric standby database without dr.standby before anything was registered.
        const st = args.dr.standby as SiteFabricStandbyArgs;
        const eventhouse = new Eventhouse(`${name}-standby`, { workspaceId: st.workspaceId, eventhouseName: st.eventhouseName ?? `ef-${args.name}-standby`, databaseName: s.databaseName, apiBaseUrl: s.apiBaseUrl }, { parent: ctx.parent });
        const medallion = new MedallionSchema(`${name}-standby-medallion`, { clusterUri: eventhouse.queryServiceUri, database: eventhouse.databaseName, oneLakeLatencyMinutes: s.oneLakeLatencyMinutes }, { parent: ctx.parent });
        // Keyless by default, as the primary: the edge writes to the standby Eventstream's custom endpoint too.
        let edge: EdgeEndpoint | undefined;
        if (st.eventHubConnectionId === undefined) {
            edge = eventhouse.addEdgeEndpoint({ writers: workspaceWriters(args), dependsOn: [medallion] });
        } else {
            eventhouse.addEventstream({ eventHubConnectionId: st.eventHubConnectionId, consumerGroup: ctx.consumerGroup, dependsOn: [medallion] });
        }
        if (layer) {
            siteServingLayer(`${name}-standby`, args, { ...eventhouseDatabase(eventhouse), schema: medallion }, ctx.parent, layer, `standby, ${ctx.location}`);
        }
        return { queryServiceUri: eventhouse.queryServiceUri, databaseName: eventhouse.databaseName, edge };
    }
    // A shared cluster (serving.clusterId) was refused by validateHybridSite: this is the site's own.
    const db = siteAdxWithSchema(`${name}-standby`, args, { cluster: { resourceGroupName: rg.name, location: ctx.location, skuName: s.skuName, capacity: s.capacity, publicNetworkAccess: args.network.publicNetworkAccess ? "Enabled" : "Disabled" } }, eventHubs, hubId, ctx.consumerGroup, ctx.parent);
    return { queryServiceUri: db.target.queryServiceUri, databaseName: db.target.databaseName };
}
