/** The site's data path as plain data: what `HybridSite` built, for `edge-fabric plan` to draw. */
import type { ArchiveContainer } from "./cloud/archive";

/** The site's data path as plain data (what `edge-fabric plan` draws). */
export interface DataPath {
    site: string;
    /** `<site>/<line>/<asset>` keys and the MQTT topic each asset publishes to. */
    assets: { key: string; topic: string }[];
    dataflows: { name: string; role: "key" | "hot" | "cold"; endpoints: string[] }[];
    eventHubs: { namespace: string; hub: string; shared: boolean; partitions: number; capture: boolean; consumerGroups: string[] };
    /** Who writes where (Capture, the edge volume, Silver's export) is in the data-path hops (`components/data-path`). */
    archive: { account: string; shared: boolean; containers: Record<ArchiveContainer, string>; lifecycle: string };
    edgeVolume?: { claim: string; path: string; delivery: "direct" | "gitops"; repository?: string };
    dr?: { alias: string; secondaryLocation: string; standbyDatabase: boolean };
    /** `shared`: the site applies its schema in an existing Eventhouse / cluster. */
    serving: { kind: "eventhouse" | "adx"; databaseName: string; shared: boolean };
    /** The Fabric serving layer, when on: dashboard title, Activator rule names, Lakehouse and its shortcut tables; `standby`: the standby region has the same. */
    servingLayer?: { dashboard?: string; alerts?: string[]; lakehouse?: { name: string; shortcuts: string[] }; standby: boolean };
}


/** The items of one region's serving layer, as the data path lists them. */
export type ServingLayerPath = Omit<NonNullable<DataPath["servingLayer"]>, "standby">;
