/** The `eventHubs` section: the site's hub, its namespace (own or shared), tier limits and Capture. */
import { z } from "zod";
import { SITE_DEFAULTS } from "../../components/site-defaults";
import { didYouMean } from "../../components/validation";
import { describe } from "./messages";
import { existingId, intBetween, patterned, uuidOrOutput, wholeNumberIn } from "./blocks";
import { EVENT_HUBS_LIMITS, type EventHubsSku } from "../../components/cloud/rules/limits";


const capture = z.strictObject({
    /** Default `true`. */
    enabled: z.boolean().default(SITE_DEFAULTS.eventHubs.capture.enabled),
    /** Capture window in seconds (60-900). Default 300. */
    intervalSeconds: intBetween(60, 900).default(SITE_DEFAULTS.eventHubs.capture.intervalSeconds),
    /** Capture window in bytes (10485760-524288000). Default 314572800 (300 MiB). */
    sizeLimitBytes: intBetween(10_485_760, 524_288_000).default(SITE_DEFAULTS.eventHubs.capture.sizeLimitBytes),
    /**
     * How the deployer gets the data-plane write at the archive **account** scope that enabling Capture
     * checks: `grant` (the site assigns it Storage Blob Data Contributor on the account before the hub)
     * or `preassigned` (the account's owner did). Default `grant` on the site's own account; on a shared
     * account (`archive.storageAccountId`) `plan` fails until one is chosen.
     */
    deployerAccess: z.enum(["grant", "preassigned"]).optional(),
});

export const eventHubs = z
    .strictObject({
        /** Existing (shared) namespace to create the site's hub in. Default: a namespace of the site's own. */
        namespaceId: existingId("Microsoft.EventHub/namespaces").optional(),
        /** Object id of the shared namespace's managed identity (uuid or `{ stackOutput }`): granted write access to the archive for Capture. Required with namespaceId and capture. */
        capturePrincipalId: uuidOrOutput("an object id").optional(),
        /** Tier: Standard or Premium (Basic has neither Capture nor geo-DR). With a shared namespace, its tier (for the limits). Default Standard. */
        sku: z.enum(["Standard", "Premium"], { error: (iss) => `must be Standard or Premium${iss.input === "Basic" ? " (Basic has neither Capture nor geo-DR)" : ""}, got ${describe(iss.input)}${typeof iss.input === "string" && iss.input !== "Basic" ? didYouMean(iss.input, ["Standard", "Premium"], false) : ""}` }).default(SITE_DEFAULTS.eventHubs.sku),
        /** Throughput (Standard) or processing (Premium) units. Default 1. Own namespace only. */
        capacity: z.number().optional(),
        /** Auto-inflate up to this many throughput units (Standard only). Default off. */
        maxThroughputUnits: z.number().optional(),
        /** Name of the site's own namespace (globally unique, 6-50). Default `ef-<site>-<location>`. */
        namespaceName: patterned(/^[a-z][a-z0-9-]{4,48}[a-z0-9]$/, "must be 6-50 lowercase letters, digits or hyphens, starting with a letter").optional(),
        /** Zone-redundant namespace. Default `true`. Own namespace only. */
        zoneRedundant: z.boolean().optional(),
        /** Event hub (Kafka topic) name. Default `telemetry`. */
        hubName: patterned(/^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/, "must be 1-256 letters, digits, '.', '_' or '-'").default(SITE_DEFAULTS.eventHubs.hubName),
        /** Partitions (1-32 on Basic/Standard, 1-100 on Premium). Default 4. */
        partitions: z.number().default(SITE_DEFAULTS.eventHubs.partitions),
        /** Retention in days (1 on Basic, 1-7 Standard, 1-90 Premium). Default 1. */
        retentionDays: z.number().default(SITE_DEFAULTS.eventHubs.retentionDays),
        /** Event Hubs Capture into the archive account (Avro). */
        capture: capture.default({ ...SITE_DEFAULTS.eventHubs.capture }),
    })
    .superRefine((v, ctx) => {
        // Runs even when a sibling key failed; a key with the wrong type was already reported.
        const limits = EVENT_HUBS_LIMITS[v.sku] as (typeof EVENT_HUBS_LIMITS)[EventHubsSku] | undefined;
        if (limits === undefined) {
            return;
        }
        const range = (key: "partitions" | "retentionDays" | "capacity" | "maxThroughputUnits", max: number, value: number | undefined) => {
            if (typeof value === "number") {
                const problem = wholeNumberIn(value, 1, max, ` on ${v.sku}`);
                if (problem !== undefined) {
                    ctx.addIssue({ code: "custom", path: [key], message: problem });
                }
            }
        };
        range("partitions", limits.maxPartitionsPerHub, v.partitions);
        range("retentionDays", limits.maxRetentionDays, v.retentionDays);
        range("capacity", limits.maxUnits, v.capacity);
        range("maxThroughputUnits", limits.maxUnits, v.maxThroughputUnits);
        if (v.maxThroughputUnits !== undefined && v.sku !== "Standard") {
            ctx.addIssue({ code: "custom", path: ["maxThroughputUnits"], message: `auto-inflate exists on Standard only, sku is ${v.sku}` });
        }
        if (v.maxThroughputUnits !== undefined && v.maxThroughputUnits < (v.capacity ?? 1)) {
            ctx.addIssue({ code: "custom", path: ["maxThroughputUnits"], message: `must be at least capacity (${v.capacity ?? 1}), got ${v.maxThroughputUnits}` });
        }
        if (v.namespaceId !== undefined && v.capture.enabled && v.capturePrincipalId === undefined) {
            ctx.addIssue({ code: "custom", path: ["capturePrincipalId"], message: "is required with eventHubs.namespaceId and capture: the shared namespace's identity writes the capture files" });
        }
        if (v.namespaceId === undefined && v.capturePrincipalId !== undefined) {
            ctx.addIssue({ code: "custom", path: ["capturePrincipalId"], message: "applies to a shared namespace (eventHubs.namespaceId) only; the site's own namespace has its own identity" });
        }
        if (v.namespaceId !== undefined) {
            for (const key of ["capacity", "maxThroughputUnits", "zoneRedundant", "namespaceName"] as const) {
                if (v[key] !== undefined) {
                    ctx.addIssue({ code: "custom", path: [key], message: "not allowed with eventHubs.namespaceId: the shared namespace's owner sets it" });
                }
            }
        }
    });
