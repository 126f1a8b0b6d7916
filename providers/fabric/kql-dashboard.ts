/**
 * Real-Time Dashboards (item type `KQLDashboard`, `microsoft/fabric-rest-api-specs/kqlDashboard/`): created with their
 * `RealTimeDashboard.json` definition and changed with `updateDefinition`, see definition-items.ts.
 */
import * as pulumi from "@pulumi/pulumi";
import type { FabricClientOptions } from "./client-options";
import { definitionItemProvider } from "./definition-items";
import type { DefinitionItemOutputs } from "./definition-items";
import type { FabricItemArgs, FabricItemInputs, FabricItemOutputs, FabricResourceProvider } from "./items";

export interface KqlDashboardInputs extends FabricItemInputs {
    /** The decoded `RealTimeDashboard.json`. */
    dashboard: Record<string, unknown>;
}

export interface KqlDashboardOutputs extends FabricItemOutputs, KqlDashboardInputs, DefinitionItemOutputs {}

/** The Real-Time Dashboard dynamic provider; `options` configure its Fabric client (token, delays, stats). */
export function kqlDashboardProvider(options: Omit<FabricClientOptions, "baseUrl"> = {}): FabricResourceProvider<KqlDashboardInputs, KqlDashboardOutputs> {
    return definitionItemProvider<KqlDashboardInputs, KqlDashboardOutputs>(
        {
            type: "KQLDashboard",
            collection: "kqlDashboards",
            key: "dashboard",
            part: "RealTimeDashboard.json",
            validate: (inputs) =>
                inputs.dashboard && typeof inputs.dashboard === "object" && !Array.isArray(inputs.dashboard) && Array.isArray(inputs.dashboard.tiles)
                    ? []
                    : [{ property: "dashboard", reason: "must be a RealTimeDashboard.json object with a tiles array" }],
        },
        options,
    );
}

const defaultProvider = kqlDashboardProvider();

export interface KqlDashboardItemArgs extends FabricItemArgs {
    /** The decoded `RealTimeDashboard.json` (see `components/serving/dashboard.ts` `renderDashboard`). */
    dashboard: pulumi.Input<Record<string, unknown>>;
}

/** A Real-Time Dashboard. Type token `pulumi-nodejs:dynamic/fabric:KqlDashboard`; import id `<workspaceId>/<itemId>`. */
export class KqlDashboardItem extends pulumi.dynamic.Resource {
    declare readonly itemId: pulumi.Output<string>;
    declare readonly liveDefinitionHash: pulumi.Output<string>;

    constructor(name: string, args: KqlDashboardItemArgs, opts?: pulumi.CustomResourceOptions) {
        super(defaultProvider, name, { description: "", hardDelete: false, apiBaseUrl: undefined, ...args, itemId: undefined, adopted: undefined, liveDefinitionHash: undefined }, opts, "fabric", "KqlDashboard");
    }
}
