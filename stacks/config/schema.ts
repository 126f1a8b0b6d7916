/** The site schema: its sections plus the rules across sections. */
import { z } from "zod";
import { servingLayerOn } from "../../components/serving/site-layer";
import { redundancyIn } from "./archive";
import { ARCHIVE_CAPABLE_SKUS, GEO_REDUNDANT_SKUS } from "../../components/cloud/rules/limits";
import { assetName } from "./edge";
import { siteSections, type SiteConfig } from "./site";
import { siteRegionRules } from "../../components/azure-regions";
import { tagRules } from "../../components/azure-tags";

export const siteSchema = siteSections.check(
    // Runs even when some section failed (`when`), so one bad section does not hide another's
    // problems; each rule only reads sections that parsed.
    z.superRefine(
        (v, ctx) => {
            // An unknown key leaves its object intact, so it does not count as a failed section.
            const failed = (ctx as unknown as { issues: { code?: string; path?: PropertyKey[] }[] }).issues
                .filter((i) => i.code !== "unrecognized_keys")
                .map((i) => (i.path ?? []).map(String).join("."));
            const parsed = (...paths: string[]) => paths.every((p) => !failed.some((f) => f === "" || f === p || f.startsWith(`${p}.`) || p.startsWith(`${f}.`)));
            crossRules(v, (path, message) => ctx.addIssue({ code: "custom", path, message }), parsed);
        },
        { when: () => true },
    ),
);

/** Rules across sections: they run on whatever parsed, so one bad section does not hide another's problems. */
function crossRules(v: SiteConfig, add: (path: (string | number)[], message: string) => void, parsed: (...paths: string[]) => boolean): void {
    if (parsed("tags", "network", "archive")) {
        tagRules(v, add);
    }
    if (parsed("archive")) {
        const { redundancy, storageAccountId, lifecycle } = v.archive;
        if (storageAccountId === undefined && lifecycle.archiveAfterDays !== null && !redundancyIn(ARCHIVE_CAPABLE_SKUS, redundancy)) {
            add(["archive", "lifecycle", "archiveAfterDays"], `the archive tier needs LRS, GRS or RAGRS redundancy, archive.redundancy is ${redundancy}; set archiveAfterDays: null or change the redundancy`);
        }
    }
    // Only what the site creates takes its network setting; adopted namespaces and accounts are their owner's.
    const ownsNetworked = parsed("eventHubs", "archive") && (v.eventHubs.namespaceId === undefined || v.archive.storageAccountId === undefined);
    if (parsed("network") && ownsNetworked && !v.network.publicNetworkAccess && v.network.private === undefined) {
        add(
            ["network", "private"],
            "is required when network.publicNetworkAccess is false: without private endpoints and DNS the edge (Kafka 9093), the edge volume upload, Capture's readers and the Eventstream cannot reach the namespace or the archive; set { subnetId: <subnet for the private endpoints> }, or publicNetworkAccess: true",
        );
    }
    if (parsed("network") && v.network.publicNetworkAccess && v.network.private !== undefined) {
        add(["network", "private"], "applies only with network.publicNetworkAccess: false (private endpoints next to a public endpoint protect nothing); remove it or turn public access off");
    }
    if (parsed("dr", "location")) {
        siteRegionRules(v, add);
    }
    if (parsed("dr", "archive") && v.dr.enabled && v.archive.storageAccountId === undefined && !redundancyIn(GEO_REDUNDANT_SKUS, v.archive.redundancy)) {
        add(["archive", "redundancy"], `must be geo-redundant (GRS, RAGRS, GZRS or RAGZRS) when dr.enabled is true, got ${v.archive.redundancy}`);
    }
    if (parsed("dr", "serving")) {
        standbyRules(v, add);
    }
    if (parsed("serving", "dashboard", "lakehouse", "alerts")) {
        servingLayerRules(v, add);
    }
    if (parsed("eventHubs", "dr") && v.dr.enabled && v.eventHubs.namespaceId !== undefined) {
        add(["dr", "enabled"], "a shared Event Hubs namespace (eventHubs.namespaceId) gets its geo-DR pairing from the platform stack that owns it; set dr.enabled: false");
    }
    if (parsed("platform", "eventHubs", "archive", "serving", "lakehouse", "dr") && v.platform === undefined) {
        for (const path of stackOutputRefs(v)) {
            add(path, "uses { stackOutput } but platform.stack is not set");
        }
    }
    if (parsed("edge")) {
        const seen = new Map<string, number>();
        v.edge.lines.forEach((l, i) => {
            if (seen.has(l.name)) {
                add(["edge", "lines", i, "name"], `duplicates edge.lines[${seen.get(l.name)}].name "${l.name}"`);
            }
            seen.set(l.name, i);
            const assets = new Set<string>();
            l.assets.map(assetName).forEach((a, j) => {
                if (assets.has(a)) {
                    add(["edge", "lines", i, "assets", j], `duplicate asset "${a}" on line ${l.name}`);
                }
                assets.add(a);
            });
        });
    }
}

function standbyRules(v: SiteConfig, add: (path: (string | number)[], message: string) => void): void {
    const { dr: d, serving: s } = v;
    if (d.standbyDatabase && !d.enabled) {
        add(["dr", "standbyDatabase"], "needs dr.enabled: the standby reads the hub through the geo-DR alias");
    } else if (d.standbyDatabase && s.kind === "adx" && s.clusterId !== undefined) {
        add(["dr", "standbyDatabase"], "needs a cluster of the site's own (serving.clusterId unset): a shared cluster's standby belongs to the platform stack");
    } else if (d.standbyDatabase && s.kind === "eventhouse" && d.standby === undefined) {
        add(["dr", "standby"], "is required with dr.standbyDatabase on a Fabric Eventhouse: { workspaceId: an existing workspace on a capacity in the paired region, eventHubConnectionId: a Fabric connection to the alias }");
    }
    if (d.standby !== undefined && !(d.standbyDatabase && s.kind === "eventhouse")) {
        add(["dr", "standby"], s.kind === "adx" ? 'applies to a Fabric standby; serving.kind is "adx" (its standby is a cluster in dr.secondaryLocation)' : "applies only with dr.standbyDatabase: true");
    }
}

function servingLayerRules(v: SiteConfig, add: (path: (string | number)[], message: string) => void): void {
    const s = v.serving;
    if (s.kind === "adx") {
        const items = { dashboard: "Real-Time Dashboards", lakehouse: "Lakehouses", alerts: "Activator alerts" } as const;
        for (const key of ["dashboard", "lakehouse", "alerts"] as const) {
            if (v[key] !== undefined && v[key].enabled !== false) {
                add([key], `${items[key]} are Fabric items and serving.kind is "adx" (an ADX database has no Fabric workspace); remove the block or serve from a Fabric Eventhouse`);
            }
        }
        return;
    }
    const on = servingLayerOn(v);
    if (s.eventhouseId !== undefined && s.databaseId === undefined && (on.dashboard || on.lakehouse || on.alerts)) {
        add(["serving", "databaseId"], "is required with a shared Eventhouse while the serving layer is on (the dashboard, Lakehouse shortcuts and alerts bind to the KQL database's item id); or set dashboard.enabled and lakehouse.enabled to false");
    }
}


/** Config paths whose value reads a platform stack output. */
function stackOutputRefs(v: SiteConfig): (string | number)[][] {
    const refs: [(string | number)[], unknown][] = [
        [["eventHubs", "namespaceId"], v.eventHubs.namespaceId],
        [["eventHubs", "capturePrincipalId"], v.eventHubs.capturePrincipalId],
        [["archive", "storageAccountId"], v.archive.storageAccountId],
        [["lakehouse", "lakehouseId"], v.lakehouse?.lakehouseId],
        [["dr", "standby", "workspaceId"], v.dr.standby?.workspaceId],
        ...(v.serving.kind === "eventhouse"
            ? ([
                  [["serving", "workspaceId"], v.serving.workspaceId],
                  [["serving", "databaseId"], v.serving.databaseId],
                  [["serving", "eventhouseId"], v.serving.eventhouseId],
                  [["serving", "queryUri"], v.serving.queryUri],
              ] as [(string | number)[], unknown][])
            : ([
                  [["serving", "clusterId"], v.serving.clusterId],
                  [["serving", "principalId"], v.serving.principalId],
                  [["serving", "queryUri"], v.serving.queryUri],
              ] as [(string | number)[], unknown][])),
    ];
    return refs.filter(([, value]) => typeof value === "object" && value !== null).map(([path]) => path);
}
