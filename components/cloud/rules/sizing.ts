/**
 * Event Hubs sizing from a telemetry profile: throughput (or processing) units and partitions with
 * headroom, refusing a profile the SKU cannot carry. Pure: no Pulumi, no I/O.
 *
 * Model: every message is one Event Hubs event. Ingress is charged per unit at whichever comes first
 * of 1 MB/s or 1000 events/s ([EH-TIER]), so the units needed are the larger of the two
 * ratios. Partitions are sized for the peak (the auto-inflate ceiling on Standard) because a Standard
 * hub's partition count is fixed at creation and one partition is read by one consumer per group at a
 * time; one partition per peak unit keeps a partition at or under one unit of ingress.
 */
import { EVENT_HUBS_LIMITS, EVENT_HUBS_LIMITS_SOURCE, type EventHubsSku } from "./limits";
import { Problems, ValidationError } from "../../validation";

/** What a site sends to Event Hubs. */
export interface TelemetryProfile {
    /** Assets (machines, devices) publishing telemetry. Integer ≥ 1. */
    assets: number;
    /** Tags (data points) per asset. Integer ≥ 1. */
    tagsPerAsset: number;
    /** Samples per second of each tag, Hz (0.1 = one sample every 10 s). > 0. */
    samplesPerSecond: number;
    /** Size of one event as sent to Event Hubs (payload, properties and partition key), bytes. Integer ≥ 1. */
    bytesPerMessage: number;
    /**
     * Tag samples carried by one message: 1 when the dataflow sends one event per sample, `tagsPerAsset`
     * when it sends one event per asset and sampling cycle. Integer from 1 to `tagsPerAsset`. Default 1.
     */
    tagsPerMessage?: number;
}

export interface SizingOptions {
    /** Namespace tier. Default `Standard`. */
    sku?: EventHubsSku;
    /** Extra capacity over the computed need, as a fraction (0.5 = 50 %). From 0 to 10. Default 0.5. */
    headroom?: number;
    /** Auto-inflate ceiling as a multiple of the base capacity (Standard only). ≥ 1. Default 2. */
    burstFactor?: number;
    /** Fewest partitions per hub, so consumers can scale out later. Integer ≥ 1. Default 4. */
    minPartitions?: number;
}

export interface EventHubsSizing {
    sku: EventHubsSku;
    /** Events per second at the profile's rate. */
    eventsPerSecond: number;
    /** Bytes per second at the profile's rate. */
    bytesPerSecond: number;
    /** Units the profile needs before headroom (fractional). */
    unitsNeeded: number;
    /** Base throughput units (Standard) or processing units (Premium). */
    capacity: number;
    /** Auto-inflate ceiling in throughput units (Standard); undefined on Premium. */
    autoInflateMaximum: number | undefined;
    /** Partitions per hub. */
    partitionCount: number;
}

export const SIZING_DEFAULTS = { sku: "Standard", headroom: 0.5, burstFactor: 2, minPartitions: 4 } as const;

function validateProfile(profile: TelemetryProfile, options: SizingOptions, sku: EventHubsSku): void {
    const p = new Problems("telemetry profile");
    p.integerIn(profile.assets, "assets", 1, Number.MAX_SAFE_INTEGER);
    p.integerIn(profile.tagsPerAsset, "tagsPerAsset", 1, Number.MAX_SAFE_INTEGER);
    p.positive(profile.samplesPerSecond, "samplesPerSecond");
    const maxBytes = EVENT_HUBS_LIMITS[sku].maxPublicationBytes;
    p.integerIn(profile.bytesPerMessage, "bytesPerMessage", 1, maxBytes, `max publication size on ${sku}, ${EVENT_HUBS_LIMITS_SOURCE}`);
    p.integerIn(profile.tagsPerMessage, "tagsPerMessage", 1, Number.isInteger(profile.tagsPerAsset) && profile.tagsPerAsset >= 1 ? profile.tagsPerAsset : 1);
    p.require(options.headroom === undefined || (Number.isFinite(options.headroom) && options.headroom >= 0 && options.headroom <= 10), "headroom", `must be a fraction from 0 to 10 (0.5 = 50 %), got ${options.headroom}`);
    p.require(options.burstFactor === undefined || (Number.isFinite(options.burstFactor) && options.burstFactor >= 1), "burstFactor", `must be a number ≥ 1, got ${options.burstFactor}`);
    p.integerIn(options.minPartitions, "minPartitions", 1, EVENT_HUBS_LIMITS[sku].maxPartitionsPerHub, `partitions per hub on ${sku}, ${EVENT_HUBS_LIMITS_SOURCE}`);
    p.throwIfAny();
}

function rate(n: number): string {
    return n >= 1024 * 1024 ? `${(n / (1024 * 1024)).toFixed(1)} MB/s` : n >= 1024 ? `${(n / 1024).toFixed(1)} KB/s` : `${n.toFixed(0)} B/s`;
}

/**
 * Sizes a namespace and its hubs for `profile`. Throws a ValidationError naming the limit and the fix when
 * the profile needs more than the SKU allows.
 */
export function sizeEventHubs(profile: TelemetryProfile, options: SizingOptions = {}): EventHubsSizing {
    const sku = options.sku ?? SIZING_DEFAULTS.sku;
    validateProfile(profile, options, sku);
    const limits = EVENT_HUBS_LIMITS[sku];
    const unit = sku === "Standard" ? "throughput units" : "processing units";
    const eventsPerSecond = (profile.assets * profile.tagsPerAsset * profile.samplesPerSecond) / (profile.tagsPerMessage ?? 1);
    const bytesPerSecond = eventsPerSecond * profile.bytesPerMessage;
    const unitsNeeded = Math.max(bytesPerSecond / limits.ingressBytesPerUnit, eventsPerSecond / limits.ingressEventsPerUnit);
    const headroom = options.headroom ?? SIZING_DEFAULTS.headroom;
    const capacity = Math.max(1, Math.ceil(unitsNeeded * (1 + headroom)));
    const load = `${eventsPerSecond.toFixed(0)} events/s, ${rate(bytesPerSecond)} with ${Math.round(headroom * 100)} % headroom`;
    const fix =
        sku === "Standard"
            ? `use sku "Premium", lower samplesPerSecond or bytesPerMessage (or batch tags: raise tagsPerMessage), or split the site's assets across several namespaces`
            : `lower samplesPerSecond or bytesPerMessage (or batch tags: raise tagsPerMessage), or split the site's assets across several namespaces`;
    if (capacity > limits.maxUnits) {
        throw new ValidationError("telemetry profile", [
            { path: "", message: `needs ${capacity} ${unit} (${load}) but ${sku} allows at most ${limits.maxUnits} per namespace (${EVENT_HUBS_LIMITS_SOURCE}); ${fix}` },
        ]);
    }
    const autoInflateMaximum = limits.autoInflate ? Math.min(limits.maxUnits, Math.ceil(capacity * (options.burstFactor ?? SIZING_DEFAULTS.burstFactor))) : undefined;
    const peak = autoInflateMaximum ?? capacity;
    const partitionCount = Math.max(options.minPartitions ?? SIZING_DEFAULTS.minPartitions, peak);
    if (partitionCount > limits.maxPartitionsPerHub) {
        throw new ValidationError("telemetry profile", [
            { path: "", message: `needs ${partitionCount} partitions per hub for a peak of ${peak} ${unit} (${load}) but ${sku} allows at most ${limits.maxPartitionsPerHub} per hub (${EVENT_HUBS_LIMITS_SOURCE}); lower burstFactor, ${fix}` },
        ]);
    }
    return { sku, eventsPerSecond, bytesPerSecond, unitsNeeded, capacity, autoInflateMaximum, partitionCount };
}
