/** The Fabric serving layer sections: `dashboard`, `lakehouse` and `alerts`. */
import { z } from "zod";
import { validateDashboard } from "../../components/serving/dashboard";
import { medallionDashboard } from "../../components/serving/medallion-dashboard";
import { alertRuleProblems } from "../../components/serving/temperature-alert";
import { addIssues, durationText, patterned, uuidOrOutput } from "./blocks";
import { describe } from "./messages";

/** The site's Real-Time Dashboard (Fabric): the medallion dashboard's options. */
export const dashboard = z
    .strictObject({
        /** Default: `true` on a Fabric Eventhouse; an ADX database has no Fabric workspace to hold one. */
        enabled: z.boolean().optional(),
        /** Default `"<site> telemetry"`. */
        title: z.string().optional(),
        /** Tag holding temperature readings. Default `temperature`. */
        temperatureTag: z.string().min(1).optional(),
        /** Tag holding relative humidity. Default `humidity`. */
        humidityTag: z.string().min(1).optional(),
        /** Initial time range, ending now. Default `6h`. */
        timeRange: durationText("a duration").optional(),
        /** Auto-refresh interval (also the shortest a viewer may pick). Default `30s`. */
        autoRefresh: durationText("a duration").optional(),
    })
    .superRefine((v, ctx) => {
        // The rendered spec's own rules, mapped back to the option that set each value.
        const origin: Record<string, string> = { title: "title", "autoRefresh.defaultInterval": "autoRefresh", "autoRefresh.minInterval": "autoRefresh", "parameters[0].default": "timeRange" };
        const seen = new Set<string>();
        for (const issue of validateDashboard(medallionDashboard("site", v))) {
            const option = origin[issue.path] ?? "";
            if (!seen.has(option)) {
                seen.add(option);
                ctx.addIssue({ code: "custom", path: option ? [option] : [], message: issue.message });
            }
        }
    });

/** The batch layer (Fabric): a Lakehouse with a OneLake shortcut per mirrored table. */
export const lakehouse = z.strictObject({
    /** Default: `true` on a Fabric Eventhouse. */
    enabled: z.boolean().optional(),
    /** Adopt this Lakehouse (item id, uuid or `{ stackOutput }`) in the serving workspace; never modified. Default: create one. */
    lakehouseId: uuidOrOutput("a Fabric item id").optional(),
    /** Name of a created Lakehouse. Default `<site>_lakehouse`. */
    displayName: patterned(/^[A-Za-z][A-Za-z0-9_]{0,255}$/, "must be a Lakehouse name: a letter, then letters, digits or underscores").optional(),
});

/** One temperature rule of the Activator (EXPERIMENTAL). */
const alertRule = z.strictObject({
    /** Rule name (Activator, e-mail headline); unique. */
    name: z.string(),
    /** Threshold with its unit: `"-2 °C"`, `"28 °F"` or `{ value, unit }`. */
    above: z.union([z.string(), z.strictObject({ value: z.number(), unit: z.string() })], { error: (iss) => `must be a temperature with its unit such as "-2 °C" or { value, unit }, got ${describe(iss.input)}` }),
    /** How long it must stay above, 5m-24h. */
    for: z.string(),
    /** Recipients (internal or verified-domain e-mail addresses). */
    email: z.array(z.string()).min(1, { error: "must list at least one recipient" }),
    /** Default `temperature`. */
    tag: z.string().optional(),
    /** Default `freezer`. */
    assetContains: z.string().optional(),
    /** Default `5m`. */
    pollEvery: z.string().optional(),
});

/** Activator alerts (Fabric, EXPERIMENTAL, opt-in). */
export const alerts = z
    .strictObject({
        /** Default `true` when the block is present. */
        enabled: z.boolean().default(true),
        rules: z.array(alertRule),
    })
    .superRefine((v, ctx) => addIssues(ctx, alertRuleProblems(v.rules, "")));
