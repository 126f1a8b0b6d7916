/**
 * A new plant built from the edge-fabric package with only the required args: every other field
 * takes the default its TSDoc gives. `pulumi up` in this directory deploys it (after replacing the
 * placeholder ids); CI packs the package, installs it here and runs this program under Pulumi mocks.
 */
import { HybridSite, loadSiteSchema } from "edge-fabric";

async function main() {
    const site = new HybridSite("plant02", {
        name: "plant02",
        location: "northeurope",
        edge: {
            customLocationId: "/subscriptions/00000000-0000-0000-0000-000000000002/resourceGroups/rg-plant02-arc/providers/Microsoft.ExtendedLocation/customLocations/plant02-cl",
            identity: { principalId: "33333333-3333-3333-3333-333333333333" },
            lines: [{ name: "line1", assets: ["press01"] }],
        },
        serving: { kind: "eventhouse", workspaceId: "4a0c5a8e-1f7e-4a55-8d59-2b7f0e6c9a10" },
        // Public access is off by default: the namespace and the archive get private endpoints in this subnet.
        network: { private: { subnetId: "/subscriptions/00000000-0000-0000-0000-000000000002/resourceGroups/rg-plant02-network/providers/Microsoft.Network/virtualNetworks/vnet-plant02/subnets/private-endpoints" } },
        // The model of the kql/ scripts shipped in the package: the dashboard's queries are checked against it.
        schema: await loadSiteSchema(),
    });
    return { eventHubsHost: site.eventHubsHost, queryUri: site.queryUri, dataflows: site.dataflowNames };
}

export = main();
