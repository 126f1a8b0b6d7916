/**
 * The shipped alert: "temperature of a freezer above -2 °C for 5 minutes -> e-mail", rendered from
 * the freezer Activator template (EXPERIMENTAL, see activator.ts) over the site's Gold statistics.
 */
import { TemplateValue, parseActivatorTemplate, renderActivatorEntities } from "./activator";
import { Problem, Problems, joinPath } from "../validation";
import { Quantity, formatDuration, parseDuration } from "./quantities";
import freezerTemplateJson from "./templates/freezer-alert.reflex-template.json";

/** Shortest `for`: the Gold statistics the rule reads are five-minute windows (GoldTagStats5m). */
export const GOLD_WINDOW = "5m";

/** One temperature rule, as written in stack config (`alerts.rules[]`). */
export interface TemperatureAlertRule {
    /** Rule name, shown in Activator and as the e-mail headline. */
    name: string;
    /** Alert when the temperature stays above this, with its unit: `"-2 °C"`, `"28 °F"`, `{ value: -2, unit: "degC" }`. */
    above: string | Quantity;
    /** How long it must stay above, 5m to 24h (`"5m"`, `"1h"`). */
    for: string;
    /** E-mail recipients: internal or verified-domain addresses (Activator rejects guests). */
    email: string[];
    /** Tag holding the temperature. Default `"temperature"`. */
    tag?: string;
    /** Only assets whose name contains this (case-insensitive). Default `"freezer"`. */
    assetContains?: string;
    /** How often Activator runs the source query, 1m to 24h. Default `"5m"`. */
    pollEvery?: string;
}

/** The KQL database the rule reads. */
export interface AlertBinding {
    workspaceId: string;
    databaseId: string;
}

/** The assets a rule watches unless it says otherwise (`assetContains`). */
export const DEFAULT_ASSET_CONTAINS = "freezer";

/** The freezer template shipped with edge-fabric, parsed and checked. */
export function freezerTemplate(): ReturnType<typeof parseActivatorTemplate> {
    return parseActivatorTemplate(freezerTemplateJson, "templates/freezer-alert.reflex-template.json");
}

/** The rule's KQL source: one row per asset and five-minute window, raw (the rule does the filtering). */
export function temperatureSourceQuery(rule: TemperatureAlertRule): string {
    return [
        "GoldTagStats5m",
        "| where WindowStart > ago(1h)",
        `| where TagName == ${JSON.stringify(rule.tag ?? "temperature")}`,
        `| where Asset contains ${JSON.stringify(rule.assetContains ?? DEFAULT_ASSET_CONTAINS)}`,
        "| project Asset, WindowStart, MinValue",
    ].join("\n");
}

const CONFIG_NAMES: Record<string, string> = { ruleName: "name", threshold: "above", window: "for", recipients: "email", pollInterval: "pollEvery" };

/**
 * ReflexEntities.json of one temperature rule. Throws a {@link ValidationError} naming each bad
 * value by its config path under `path` (e.g. `alerts.rules[0].above`).
 */
export function renderTemperatureAlert(rule: TemperatureAlertRule, binding: AlertBinding, path: string, template = freezerTemplate()): unknown[] {
    const problems = new Problems(`alert rule "${rule.name}" is invalid`);
    try {
        if (typeof rule.for === "string" && parseDuration(rule.for) < parseDuration(GOLD_WINDOW)) {
            problems.add(joinPath(path, "for"), `${formatDuration(parseDuration(rule.for))} is shorter than ${GOLD_WINDOW}, the window of the Gold statistics the rule reads`);
        }
    } catch {
        // Reported with the other values below.
    }
    const values: Record<string, TemplateValue | undefined> = {
        ruleName: rule.name,
        workspaceId: binding.workspaceId,
        kqlDatabaseId: binding.databaseId,
        sourceQuery: temperatureSourceQuery(rule),
        pollInterval: rule.pollEvery ?? "5m",
        threshold: rule.above,
        window: rule.for,
        recipients: rule.email,
        subject: `edge-fabric alert: ${rule.name}`,
    };
    const entities = problems.absorb("", () => renderActivatorEntities(template, values, { scope: rule.name, path, configNames: CONFIG_NAMES }));
    problems.throwIfAny();
    // absorb returns undefined only after recording the render's problems, which throwIfAny threw.
    return entities as unknown[];
}

/** Stand-in ids for validating values before the real ids are known (preview of a new site, stack config). */
const PLACEHOLDER_BINDING: AlertBinding = { workspaceId: "00000000-0000-0000-0000-000000000000", databaseId: "00000000-0000-0000-0000-000000000000" };

/**
 * Every problem of a list of rules (empty when all render), each with its path under `where`
 * (`alerts.rules[1].above`): what `Alerts` checks before registering anything, and what stack
 * config validation reports with the config path.
 */
export function alertRuleProblems(rules: TemperatureAlertRule[], where: string, template = freezerTemplate()): readonly Problem[] {
    const problems = new Problems("alert rules");
    problems.require(rules.length > 0, joinPath(where, "rules"), "needs at least one rule (or leave alerts out)");
    const names = new Set<string>();
    rules.forEach((rule, i) => {
        problems.require(!names.has(rule.name), joinPath(where, "rules", i, "name"), `"${rule.name}" is used by two rules; entity ids derive from it`);
        names.add(rule.name);
        problems.absorb("", () => renderTemperatureAlert(rule, PLACEHOLDER_BINDING, joinPath(where, "rules", i), template));
    });
    return problems.all;
}
