/**
 * `Alerts` (EXPERIMENTAL): one Fabric Activator (Reflex) item for the site, holding one rule per
 * entry of `rules`, each rendered from the freezer template over the site's Gold statistics (or
 * from a template captured from a UI-built Activator). Every value is validated before anything is
 * registered, with its config path.
 */
import * as pulumi from "@pulumi/pulumi";
import { ReflexItem } from "../../providers/fabric/reflex";
import { parseActivatorTemplate } from "./activator";
import { Problems, joinPath } from "../validation";
import type { QueryAnalyzer } from "./real-time-dashboard";
import { TemperatureAlertRule, alertRuleProblems, freezerTemplate, renderTemperatureAlert, temperatureSourceQuery } from "./temperature-alert";

export interface AlertsArgs {
    /** Site name; the Activator is called `"<site> alerts"`. */
    site: string;
    /** The KQL database the rules read; the Activator is created in its workspace. */
    database: { workspaceId: pulumi.Input<string>; databaseId: pulumi.Input<string> };
    /** The rules, at least one. */
    rules: TemperatureAlertRule[];
    /**
     * A template to use instead of the shipped freezer template: the parsed JSON of a
     * `*.reflex-template.json` file with the same parameters. Default: the shipped template.
     */
    template?: unknown;
    /** Offline check of the rules' source queries. Default: none (the site wires the analyzer over `kql/`). */
    analyze?: QueryAnalyzer;
    /** Config path of the alerts block, for error messages. Default `alerts`. */
    configPath?: string;
    /** Item display name. Default `"<site> alerts"`. */
    displayName?: string;
    /** Fabric REST base URL. Default `https://api.fabric.microsoft.com/v1`. */
    apiBaseUrl?: pulumi.Input<string>;
}

/**
 * Validates the rules (and with `analyze` their source queries) and returns the template they
 * render from; throws a {@link ValidationError} naming each problem by its config path. What
 * the constructor runs before registering anything; a composite (the site) runs it before its own.
 */
export function checkedAlertsTemplate(args: Pick<AlertsArgs, "site" | "rules" | "template" | "analyze" | "configPath">): ReturnType<typeof freezerTemplate> {
    const where = args.configPath ?? "alerts";
    const template = args.template === undefined ? freezerTemplate() : parseActivatorTemplate(args.template, joinPath(where, "template"));
    const problems = new Problems(`alerts of site "${args.site}" are invalid`);
    problems.addAll(alertRuleProblems(args.rules, where, template));
    if (args.analyze) {
        const queries = args.rules.map((rule, i) => ({ where: `rules[${i}] "${rule.name}" source query`, text: temperatureSourceQuery(rule), usedVariables: [], columns: [{ option: "the template's fields", names: ["Asset", "WindowStart", "MinValue"] }] }));
        problems.addAll(args.analyze(queries, []), where);
    }
    problems.throwIfAny();
    return template;
}

export class Alerts extends pulumi.ComponentResource {
    /** The Activator item id. */
    readonly activatorId: pulumi.Output<string>;

    constructor(name: string, args: AlertsArgs, opts?: pulumi.ComponentResourceOptions) {
        const template = checkedAlertsTemplate(args);
        super("edge-fabric:serving:Alerts", name, {}, opts);
        const where = args.configPath ?? "alerts";
        const entities = pulumi
            .all([args.database.workspaceId, args.database.databaseId])
            .apply(([workspaceId, databaseId]) => args.rules.flatMap((rule, i) => renderTemperatureAlert(rule, { workspaceId, databaseId }, joinPath(where, "rules", i), template)));
        const item = new ReflexItem(
            `${name}-activator`,
            {
                workspaceId: args.database.workspaceId,
                displayName: args.displayName ?? `${args.site} alerts`,
                description: "Managed by edge-fabric (experimental): edit the stack, not the rules.",
                entities,
                apiBaseUrl: args.apiBaseUrl,
            },
            { parent: this },
        );
        this.activatorId = item.itemId;
        this.registerOutputs({ activatorId: this.activatorId });
    }
}
