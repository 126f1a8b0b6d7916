/**
 * The default Real-Time Dashboard of a site, over the medallion schema in `kql/`: the latest value
 * of every asset and tag (GoldLatest), temperature and humidity over time per asset
 * (GoldTagStats5m), and the health of ingestion (Bronze message rate, device-to-database lag).
 */
import { DashboardSpec, DashboardTile } from "./dashboard";

/** Knobs of the default dashboard, settable from site config (`dashboard:` block). */
export interface MedallionDashboardOptions {
    /** Dashboard title. Default `"<site> telemetry"`. */
    title?: string;
    /** Tag holding temperature readings. Default `"temperature"`. */
    temperatureTag?: string;
    /** Tag holding relative-humidity readings. Default `"humidity"`. */
    humidityTag?: string;
    /** Initial time range, ending now. Default `"6h"`. */
    timeRange?: string;
    /** Auto-refresh interval while open; also the minimum a viewer may choose. Default `"30s"`. */
    autoRefresh?: string;
    /** More tiles, appended to the `Overview` page. Default none. */
    extraTiles?: DashboardTile[];
}

/** KQL string literal for a value from config. */
function kqlString(value: string): string {
    return JSON.stringify(value);
}

const ASSET_FILTER = "| where isempty(_asset) or Asset in (_asset)";

function tagOverTime(title: string, tag: string): DashboardTile {
    return {
        title,
        visual: "timechart",
        query: [
            "GoldTagStats5m",
            "| where WindowStart between (_startTime .. _endTime)",
            `| where TagName == ${kqlString(tag)}`,
            ASSET_FILTER,
            "| project WindowStart, Asset, AvgValue",
            "| order by WindowStart asc",
        ].join("\n"),
        options: { xColumn: "WindowStart", yColumns: ["AvgValue"], seriesColumns: ["Asset"] },
    };
}

/** The default dashboard spec for `site`. */
export function medallionDashboard(site: string, options: MedallionDashboardOptions = {}): DashboardSpec {
    const temperature = options.temperatureTag ?? "temperature";
    const humidity = options.humidityTag ?? "humidity";
    const refresh = options.autoRefresh ?? "30s";
    return {
        title: options.title ?? `${site} telemetry`,
        autoRefresh: { enabled: true, defaultInterval: refresh, minInterval: refresh },
        parameters: [
            { kind: "timeRange", default: options.timeRange ?? "6h" },
            { kind: "select", variable: "_asset", displayName: "Asset", query: "GoldLatest\n| distinct Asset\n| order by Asset asc", valueColumn: "Asset" },
        ],
        pages: [
            {
                name: "Overview",
                tiles: [
                    {
                        title: "Latest value per asset and tag",
                        visual: "table",
                        width: 24,
                        height: 8,
                        query: [
                            "GoldLatest",
                            ASSET_FILTER,
                            // Exactly one value column is set per reading (see kql/2-silver.kql); show it as text.
                            "| extend Value = coalesce(tostring(ValueReal), tostring(ValueLong), tostring(ValueBool), ValueString)",
                            "| project Asset, TagName, Value, SourceTimestamp",
                            "| order by Asset asc, TagName asc",
                        ].join("\n"),
                    },
                    tagOverTime(`Temperature per asset (${temperature}, 5-minute average)`, temperature),
                    tagOverTime(`Humidity per asset (${humidity}, 5-minute average)`, humidity),
                    ...(options.extraTiles ?? []),
                ],
            },
            {
                name: "Ingestion",
                tiles: [
                    {
                        title: "Bronze ingestion rate (messages per minute)",
                        visual: "timechart",
                        query: [
                            "Bronze",
                            "| where ingestion_time() between (_startTime .. _endTime)",
                            "| summarize Messages = count() by Minute = bin(ingestion_time(), 1m)",
                            "| order by Minute asc",
                        ].join("\n"),
                        options: { xColumn: "Minute", yColumns: ["Messages"] },
                    },
                    {
                        // Silver rows are written in the same transaction as their Bronze document
                        // (transactional update policy), so their ingestion time is Bronze's.
                        title: "Ingestion lag, device to Bronze (seconds)",
                        visual: "timechart",
                        query: [
                            "Silver",
                            "| where ingestion_time() between (_startTime .. _endTime)",
                            ASSET_FILTER,
                            "| extend LagSeconds = (ingestion_time() - SourceTimestamp) / 1s",
                            "| summarize P50 = percentile(LagSeconds, 50), P95 = percentile(LagSeconds, 95), Max = max(LagSeconds) by Minute = bin(ingestion_time(), 1m)",
                            "| order by Minute asc",
                        ].join("\n"),
                        options: { xColumn: "Minute", yColumns: ["P50", "P95", "Max"] },
                    },
                ],
            },
        ],
    };
}
