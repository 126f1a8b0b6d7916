/**
 * The site's data path as a picture: a Graphviz model built with `ts-graphviz` (no DOT written by
 * hand, so labels are quoted and escaped by the library) and laid out to SVG by Graphviz itself,
 * compiled to WebAssembly inside `@hpcc-js/wasm-graphviz`: offline, no `dot` binary needed.
 */
import type { Hop } from "../components/data-path";
import type { DataPath } from "../components/site-data-path";

/** The serving layer as the diagram shows it. */
export interface ServingView {
    kind: "eventhouse" | "adx";
    databaseName: string;
    /** Medallion layers in order, each with its tables/views (from the KQL scripts). */
    layers: { name: string; tables: string[] }[];
    /** The continuous exports the KQL scripts declare (drawn when the site's `archive.export` is on). Default none. */
    exports?: ExportView[];
}

/** A continuous export as the diagram labels it. */
export interface ExportView {
    name: string;
    /** The tables it exports (`over (...)`). */
    over: string[];
    /** How often it runs, as written in KQL (`1h`). */
    every: string;
    /** `parquet`. */
    dataFormat: string;
}

export interface Diagram {
    dot: string;
    svg: string;
}

const EDGE = { color: "#2f6f9f", fillcolor: "#e8f1f8" };
const CLOUD = { color: "#5b4b8a", fillcolor: "#efeaf7" };
const ARCHIVE = { color: "#7a5c1e", fillcolor: "#faf3e3" };
const DR = { color: "#9a3b3b", fillcolor: "#fbecec" };
const SERVING = { color: "#2e7d4f", fillcolor: "#e9f6ee" };

/** An access hop's edge label: what it carries, then who authenticates and how; a failing hop says so. */
function hopLabel(hop: Hop, what: string): string {
    return [what, hop.principal, hop.auth.mode, ...(hop.verdict === "fails" ? [`FAILS: ${[...new Set(hop.problems.map((p) => p.aspect))].join(", ")}`] : [])].join("\n");
}

/** Edge attributes of a hop: red when it cannot work. */
function hopStyle(hop: Hop, extra: Record<string, string> = {}): Record<string, string> {
    return { ...extra, ...(hop.verdict === "fails" ? { color: "#c62828", fontcolor: "#c62828" } : {}) };
}

/**
 * Builds the DOT model of a site's data path and renders it to SVG. Every edge between services is a
 * hop of `hops` (the rows of `access.json`), labelled with its principal and auth mode: a hop the plan
 * does not hold is not drawn. Edges inside one service (broker to dataflows, update policy, views)
 * come from `path`.
 */
export async function renderDataPath(path: DataPath, hops: readonly Hop[], serving: ServingView): Promise<Diagram> {
    // ESM-only packages, loaded on demand so the rest of the CLI does not pay for them.
    const { Digraph, toDot } = await import("ts-graphviz");
    const { Graphviz } = await import("@hpcc-js/wasm-graphviz");

    const g = new Digraph("data_path", {
        label: `edge-fabric site ${path.site}: data path`,
        labelloc: "t",
        rankdir: "LR",
        fontname: "Helvetica",
        compound: true,
        nodesep: 0.3,
        ranksep: 0.6,
    });
    g.attributes.node.apply({ shape: "box", style: "rounded,filled", fontname: "Helvetica", fontsize: 11 });
    g.attributes.edge.apply({ fontname: "Helvetica", fontsize: 9 });

    const cluster = (id: string, label: string, colors: { color: string; fillcolor: string }) => g.createSubgraph(`cluster_${id}`, { label, style: "rounded,filled", ...colors, fontname: "Helvetica" });

    // Edge: assets publish to the AIO broker; dataflows route hot and cold.
    const edge = cluster("edge", `plant ${path.site}: Arc cluster, Azure IoT Operations`, EDGE);
    const broker = edge.createNode("broker", { label: "AIO MQTT broker", shape: "cylinder", fillcolor: "white" });
    for (const asset of path.assets) {
        const node = edge.createNode(`asset:${asset.key}`, { label: asset.topic === asset.key ? asset.key : `${asset.key}\ntopic ${asset.topic}`, shape: "component", fillcolor: "white" });
        g.createEdge([node, broker]);
    }
    const flows = new Map(path.dataflows.map((d) => [d.name, edge.createNode(`dataflow:${d.name}`, { label: `dataflow ${d.name}\n(${d.role})`, fillcolor: "white" })]));
    for (const d of path.dataflows) {
        g.createEdge([broker, flows.get(d.name) as NonNullable<ReturnType<typeof flows.get>>], { label: d.role === "hot" ? "filtered, key = site/line/asset" : d.role === "cold" ? "everything" : "rekey" });
    }
    const delivered = path.edgeVolume?.delivery === "gitops" ? `\ndelivered by GitOps (Flux) from ${path.edgeVolume.repository ?? "Git"}` : "";
    const volume = path.edgeVolume ? edge.createNode("edge-volume", { label: `ACSA edge volume\nPVC ${path.edgeVolume.claim}, /${path.edgeVolume.path}${delivered}`, shape: "folder", fillcolor: "white" }) : undefined;

    // Cloud: Event Hubs, the medallion database, the archive.
    const eh = cluster("eventhubs", `Event Hubs${path.eventHubs.shared ? " (shared namespace)" : ""}: ${path.eventHubs.namespace}`, CLOUD);
    const hub = eh.createNode("hub", { label: `event hub ${path.eventHubs.hub}\n${path.eventHubs.partitions} partitions\nconsumer groups: ${path.eventHubs.consumerGroups.join(", ")}`, shape: "cds", fillcolor: "white" });

    const db = cluster("serving", `${serving.kind === "eventhouse" ? "Fabric Eventhouse" : "Azure Data Explorer"}: database ${serving.databaseName}`, CLOUD);
    const layers = serving.layers.map((layer) => db.createNode(`layer:${layer.name}`, { label: `${layer.name}\n${layer.tables.join(", ")}`, shape: "box3d", fillcolor: "white" }));
    // The primary region's hops of one kind (the standby region's copies are summed up in its node).
    const planned = (prefix: string) => hops.filter((h) => (h.id === prefix || h.id.startsWith(`${prefix}:`)) && !h.id.endsWith(":standby") && h.planned);
    // An Eventstream custom endpoint the edge writes to, when the plan holds one.
    const eventstreamHops = planned("eventstream-bronze");
    const eventstream = eventstreamHops.length > 0 ? db.createNode("eventstream", { label: "Eventstream\ncustom endpoint (Kafka)", shape: "cds", fillcolor: "white" }) : undefined;
    if (layers.length > 0) {
        for (const h of planned("eventhubs-bronze")) {
            g.createEdge([hub, layers[0]], { label: hopLabel(h, h.producer.replace(/^event hub \S+, /, "ingestion, ")), ...hopStyle(h) });
        }
        for (const h of eventstreamHops) {
            g.createEdge([eventstream as NonNullable<typeof eventstream>, layers[0]], { label: hopLabel(h, "ingestion"), ...hopStyle(h) });
        }
        layers.slice(1).forEach((layer, i) => g.createEdge([layers[i], layer], { label: i === 0 ? "update policy" : "materialized views" }));
    }

    // Serving layer (Fabric): where people use the data.
    const items = path.servingLayer;
    if (items && layers.length > 0) {
        const use = cluster("use", `serving layer (Fabric)${items.standby ? "; the standby region has its own" : ""}`, SERVING);
        const gold = layers[layers.length - 1];
        for (const h of planned("dashboard-database")) {
            g.createEdge([gold, use.createNode("dashboard", { label: `Real-Time Dashboard\n${items.dashboard ?? ""}`, shape: "note", fillcolor: "white" })], { label: hopLabel(h, "tile queries"), ...hopStyle(h) });
        }
        for (const h of planned("alerts-database")) {
            g.createEdge([gold, use.createNode("activator", { label: `Activator alerts (experimental)\n${(items.alerts ?? []).join(", ")}`, shape: "note", fillcolor: "white" })], { label: hopLabel(h, "source query"), ...hopStyle(h) });
        }
        if (items.lakehouse !== undefined) {
            const lake = use.createNode("lakehouse", { label: `Lakehouse ${items.lakehouse.name}\nshortcuts: ${items.lakehouse.shortcuts.join(", ") || "(no mirrored table)"}`, shape: "cylinder", fillcolor: "white" });
            // A shortcut's table belongs to the layer listing it, or whose name it starts with (GoldTagStats5mLake: Gold).
            const layerOf = (table: string): number => {
                const listed = serving.layers.findIndex((l) => l.tables.includes(table));
                return listed >= 0 ? listed : serving.layers.findIndex((l) => table.startsWith(l.name));
            };
            for (const h of planned("lakehouse-shortcut")) {
                const i = layerOf(h.id.slice("lakehouse-shortcut:".length));
                g.createEdge([layers[i >= 0 ? i : layers.length - 1], lake], { label: hopLabel(h, `shortcut ${h.consumer.replace(/^Lakehouse table /, "")}\n${h.producer}`), ...hopStyle(h, { style: "dashed" }) });
            }
        }
    }

    const archive = cluster("archive", `blob archive${path.archive.shared ? " (shared account)" : ""}: ${path.archive.account}\nlifecycle: ${path.archive.lifecycle}`, ARCHIVE);
    const container = (role: keyof DataPath["archive"]["containers"]) => archive.createNode(`container:${role}`, { label: `container ${path.archive.containers[role]}`, shape: "folder", fillcolor: "white" });
    for (const h of planned("capture-archive")) {
        g.createEdge([hub, container("capture")], { label: hopLabel(h, "Capture (Avro)"), ...hopStyle(h) });
    }
    for (const h of volume ? planned("edge-volume-archive") : []) {
        g.createEdge([volume as NonNullable<typeof volume>, container("edgeIngest")], { label: hopLabel(h, "upload, then evict"), ...hopStyle(h) });
    }
    const exportHops = planned("export-archive");
    if (exportHops.length > 0 && layers.length > 0) {
        // Each export leaves from the layer holding the tables it exports (Silver), into the kql-export container;
        // "by day": the engine refuses an archive external table whose partition is not daily (kusto/export.ts).
        const kqlExport = container("kqlExport");
        for (const e of serving.exports ?? []) {
            const from = serving.layers.findIndex((l) => e.over.some((t) => l.tables.includes(t)));
            for (const h of exportHops) {
                g.createEdge([layers[from >= 0 ? from : 0], kqlExport], { label: hopLabel(h, `continuous export ${e.name}\nevery ${e.every}, ${e.dataFormat} by day`), ...hopStyle(h) });
            }
        }
    }

    // Routing: dataflows to their endpoints (Event Hubs through the DR alias when there is one).
    let target = hub;
    if (path.dr) {
        const dr = cluster("dr", `disaster recovery: ${path.dr.secondaryLocation}`, DR);
        const alias = g.createNode("alias", { label: `geo-DR alias ${path.dr.alias}`, shape: "oval", ...DR });
        const secondary = dr.createNode("secondary", { label: "secondary namespace\n(metadata replicated; takes over on failover)", shape: "cds", fillcolor: "white" });
        g.createEdge([alias, hub], { label: "active" });
        g.createEdge([alias, secondary], { label: "after failover", style: "dashed" });
        g.createEdge([hub, secondary], { label: "pairing", style: "dotted", dir: "none" });
        if (path.dr.standbyDatabase) {
            const standbyItems = items?.standby ? "\nits own dashboard, alerts, Lakehouse" : "";
            const standby = dr.createNode("standby", { label: `standby ${serving.kind === "adx" ? "ADX" : "Eventhouse"} database ${serving.databaseName}\nsame medallion schema${standbyItems}`, shape: "box3d", fillcolor: "white" });
            for (const h of planned("standby-ingestion")) {
                g.createEdge([hub, standby], { label: hopLabel(h, "ingestion (standby)"), ...hopStyle(h, { style: "dashed" }) });
            }
        }
        target = alias;
    }
    for (const d of path.dataflows) {
        const from = flows.get(d.name) as NonNullable<ReturnType<typeof flows.get>>;
        for (const h of planned(`edge-eventhubs:${d.name}`)) {
            g.createEdge([from, target], { label: hopLabel(h, "Kafka :9093"), ...hopStyle(h) });
        }
        for (const h of eventstream ? planned(`edge-eventstream:${d.name}`) : []) {
            g.createEdge([from, eventstream as NonNullable<typeof eventstream>], { label: hopLabel(h, "Kafka :9093"), ...hopStyle(h) });
        }
        if (volume && d.role === "cold") {
            g.createEdge([from, volume]);
        }
    }

    const dot = toDot(g);
    const graphviz = await Graphviz.load();
    return { dot, svg: graphviz.dot(dot, "svg") };
}
