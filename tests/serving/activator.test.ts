import { test } from "node:test";
import assert from "node:assert/strict";
import { parseActivatorTemplate, renderActivatorEntities } from "../../components/serving/activator";
import { renderTemperatureAlert, TemperatureAlertRule, temperatureSourceQuery } from "../../components/serving/temperature-alert";
import { ValidationError } from "../../components/validation";
import { convertQuantity, parseDuration, parseQuantity } from "../../components/serving/quantities";
import { stableId } from "../../components/serving/stable-id";

const binding = { workspaceId: "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d", databaseId: "3b1f7c52-6a7e-4c1b-9e0e-1d2c3b4a5f60" };
const rule: TemperatureAlertRule = { name: "Freezer warm", above: "-2 °C", for: "5m", email: ["cold-chain@contoso.com"] };

type Entity = { uniqueIdentifier: string; type: string; payload: Record<string, unknown> };
type Step = { name: string; rows: { name: string; arguments: { name?: string; value?: unknown; values?: unknown; arguments?: { name: string; value: unknown }[] }[] }[] };

function ruleSteps(entities: unknown[]): Step[] {
    const ruleEntity = (entities as Entity[]).find((e) => (e.payload.definition as { type?: string } | undefined)?.type === "Rule");
    assert.ok(ruleEntity);
    const instance = (ruleEntity.payload.definition as { instance: unknown }).instance;
    assert.equal(typeof instance, "string", "instance is sent as a JSON string");
    return (JSON.parse(instance as string) as { steps: Step[] }).steps;
}

function argument(steps: Step[], step: string, row: string, name: string): { value?: unknown; values?: unknown; arguments?: { name: string; value: unknown }[] } | undefined {
    return steps.find((s) => s.name === step)?.rows.find((r) => r.name === row)?.arguments.find((a) => a.name === name);
}

test("quantities and durations parse strictly and convert between units", () => {
    assert.deepEqual(parseQuantity("-2 °C"), { value: -2, unit: "degC" });
    assert.deepEqual(parseQuantity("28.4F"), { value: 28.4, unit: "degF" });
    assert.equal(convertQuantity(parseQuantity("28.4 °F"), "degC"), -2);
    assert.equal(convertQuantity({ value: 271.15, unit: "K" }, "°C"), -2);
    assert.throws(() => convertQuantity(parseQuantity("80 %"), "degC"), /is a ratio, expected a temperature/);
    assert.throws(() => parseQuantity("-2"), /has no unit/);
    assert.throws(() => parseQuantity("-2 parsecs"), /unknown unit "parsecs"/);
    assert.equal(parseDuration("5m"), 300_000);
    assert.equal(parseDuration("1.5h"), 5_400_000);
    assert.throws(() => parseDuration("five minutes"), /is not a duration/);
});

test("the freezer rule substitutes ids, threshold, window, recipients and the source query", () => {
    const entities = renderTemperatureAlert(rule, binding, "alerts.rules[0]") as Entity[];
    assert.deepEqual(entities.map((e) => e.type), ["container-v1", "kqlSource-v1", "timeSeriesView-v1", "timeSeriesView-v1", "timeSeriesView-v1", "timeSeriesView-v1", "timeSeriesView-v1"]);
    const source = entities[1].payload as { query: { queryString: string }; eventhouseItem: Record<string, string>; runSettings: { executionIntervalInSeconds: unknown }; parentContainer: { targetUniqueIdentifier: string } };
    assert.equal(source.query.queryString, temperatureSourceQuery(rule));
    assert.deepEqual(source.eventhouseItem, { itemType: "KustoDatabase", itemId: binding.databaseId, workspaceId: binding.workspaceId });
    assert.equal(source.runSettings.executionIntervalInSeconds, 300, "a whole-string placeholder becomes a number");
    assert.equal(entities[0].uniqueIdentifier, stableId("reflex", "Freezer warm", "container"));
    assert.equal(source.parentContainer.targetUniqueIdentifier, entities[0].uniqueIdentifier);
    const steps = ruleSteps(entities);
    assert.equal(argument(steps, "ScalarDetectStep", "NumberBecomes", "value")?.value, -2);
    const window = argument(steps, "ScalarSelectStep", "NumberSummary", "op");
    assert.equal(window?.value, "Minimum");
    assert.deepEqual(argument(steps, "ActStep", "EmailBinding", "sentTo")?.values, [{ type: "string", value: "cold-chain@contoso.com" }]);
    const spec = steps.find((s) => s.name === "ScalarSelectStep")?.rows[1].arguments[1].arguments;
    assert.deepEqual(spec, [{ name: "width", type: "timeSpan", value: 300000 }, { name: "hop", type: "timeSpan", value: 300000 }]);
    // Same input, same output: ids and nested strings are stable.
    assert.equal(JSON.stringify(renderTemperatureAlert(rule, binding, "alerts.rules[0]")), JSON.stringify(entities));
});

test("a threshold in Fahrenheit is converted to the template's Celsius", () => {
    const steps = ruleSteps(renderTemperatureAlert({ ...rule, above: "28.4 °F" }, binding, "alerts.rules[0]"));
    assert.equal(argument(steps, "ScalarDetectStep", "NumberBecomes", "value")?.value, -2);
});

test("bad thresholds, durations and recipients are rejected with their config paths, all at once", () => {
    assert.throws(
        () => renderTemperatureAlert({ ...rule, above: "-2", for: "2d", email: ["ops", "a@b.co"] }, binding, "alerts.rules[1]"),
        (e: unknown) => {
            assert.ok(e instanceof ValidationError);
            assert.deepEqual(e.problems.map((i) => i.path).sort(), ["alerts.rules[1].above", "alerts.rules[1].email", "alerts.rules[1].for"]);
            assert.match(e.message, /alerts\.rules\[1\]\.above: "-2" has no unit/);
            assert.match(e.message, /alerts\.rules\[1\]\.for: 2d is outside the allowed window 10s–1d/);
            assert.match(e.message, /alerts\.rules\[1\]\.email: "ops" is not an e-mail address/);
            return true;
        },
    );
    assert.throws(() => renderTemperatureAlert({ ...rule, above: "85 %" }, binding, "alerts.rules[0]"), /alerts\.rules\[0\]\.above: 85 percent is a ratio, expected a temperature in degC/);
    assert.throws(() => renderTemperatureAlert({ ...rule, for: "1m" }, binding, "alerts.rules[0]"), /alerts\.rules\[0\]\.for: 1m is shorter than 5m/);
    assert.throws(() => renderTemperatureAlert({ ...rule, email: [] }, binding, "alerts.rules[0]"), /alerts\.rules\[0\]\.email: needs at least one e-mail address/);
    assert.throws(() => renderTemperatureAlert(rule, { ...binding, databaseId: "db" }, "alerts.rules[0]"), /alerts\.rules\[0\]\.kqlDatabaseId: "db" is not an id/);
});

test("a captured template with undeclared or unused placeholders is refused", () => {
    const template = {
        templateFormat: 1,
        name: "captured",
        parameters: { threshold: { type: "quantity", unit: "degC" }, unused: { type: "string" } },
        entities: [{ uniqueIdentifier: "{{id:c}}", type: "container-v1", payload: { name: "{{ruleName}}", type: "kqlQueries", limit: "{{threshold}}" } }],
    };
    assert.throws(() => parseActivatorTemplate(template, "my.json"), (e: unknown) => {
        assert.ok(e instanceof ValidationError);
        assert.deepEqual(e.problems.map((i) => i.path), ["my.json.entities[0].payload.name", "my.json.parameters.unused"]);
        return true;
    });
});

test("a reference to an entity missing from the definition is refused", () => {
    const template = parseActivatorTemplate({
        templateFormat: 1,
        name: "t",
        parameters: {},
        entities: [{ uniqueIdentifier: "{{id:a}}", type: "timeSeriesView-v1", payload: { parentContainer: { targetUniqueIdentifier: "{{id:missing}}" } } }],
    });
    assert.throws(() => renderActivatorEntities(template, {}, { scope: "x" }), /entities\[0\]\.payload\.parentContainer: refers to entity .* which is not in the definition/);
});

test("placeholders inside JSON held in a string are substituted and the string re-encoded", () => {
    const template = parseActivatorTemplate({
        templateFormat: 1,
        name: "t",
        parameters: { limit: { type: "quantity", unit: "degC" } },
        entities: [{ uniqueIdentifier: "1", type: "timeSeriesView-v1", payload: { definition: { instance: '{"steps":[{"value":"{{limit}}","note":"below {{limit}}"}]}' } } }],
    });
    const [entity] = renderActivatorEntities(template, { limit: "-18 °C" }, { scope: "x" }) as Entity[];
    const instance = (entity.payload.definition as { instance: string }).instance;
    assert.deepEqual(JSON.parse(instance), { steps: [{ value: -18, note: "below -18" }] });
});
