import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { planDataflows } from "../../components/edge/dataflow-plan";
import { ASSET_KEY_FIELDS, ASSET_TOPIC_FIELD } from "../../components/edge/asset-key";
import { kustoLanguage } from "../../kusto/language";
import { siteDescription } from "../edge/fixtures";
import { repoRoot } from "../kusto/helpers";

const API = { version: "2024-11-01", dataflowDiskPersistence: false };

test("every hot dataflow copies its source topic ($metadata.topic) into the document, also without maps", () => {
    const withMaps = planDataflows(siteDescription(), API);
    const bare = siteDescription();
    bare.hotPaths = bare.hotPaths.map((h) => ({ ...h, maps: [], filters: [], passThrough: undefined }));
    for (const plan of [withMaps, planDataflows(bare, API)]) {
        const hot = plan.dataflows.filter((d) => d.role === "hot");
        assert.ok(hot.length > 0);
        for (const flow of hot) {
            const maps = flow.operations.flatMap((o) => o.builtInTransformationSettings?.map ?? []);
            assert.deepEqual(maps.at(-1), { inputs: ["$metadata.topic"], output: ASSET_TOPIC_FIELD }, `${flow.name} maps the topic`);
            // Its source topics are the assets' key topics <site>/<line>/<asset>, so the copied topic is the asset key.
            const sources = flow.operations.find((o) => o.operationType === "Source")?.sourceSettings?.dataSources ?? [];
            assert.ok(sources.every((t) => /^site01\/channel22\/freezer\d\d$/.test(t)), sources.join());
        }
    }
});

/** The string literals inside the first bracketed group after `anchor` in bronze_to_silver(), as Kusto.Language tokenizes the script. */
function literalsAfter(anchor: string): string[] {
    const text = readFileSync(join(repoRoot, "kql/2-silver.kql"), "utf8");
    const tokens = kustoLanguage().Parsing.TokenParser.ParseTokens(text);
    const start = tokens.findIndex((_, i) => tokens.slice(i, i + anchor.split(" ").length).map((x) => x.Text).join(" ") === anchor);
    assert.ok(start >= 0, `${anchor} is in kql/2-silver.kql`);
    const out: string[] = [];
    let depth = 0;
    for (const t of tokens.slice(start + anchor.split(" ").length)) {
        depth += t.Text === "(" || t.Text === "[" ? 1 : t.Text === ")" || t.Text === "]" ? -1 : 0;
        if (/^"[^"]*"$/.test(t.Text) && t.Text !== '"array"') out.push(t.Text.slice(1, -1));
        if (depth === 0) break;
    }
    return out;
}

test("bronze_to_silver() reads the asset from the topic field, then x-opt-partition-key, then x-opt-kafka-key, and never keeps them as tags", () => {
    assert.deepEqual(ASSET_KEY_FIELDS, [ASSET_TOPIC_FIELD, "x-opt-partition-key", "x-opt-kafka-key"]);
    // Asset = coalesce(tostring(Data["x-aio-topic"]), tostring(Data["x-opt-partition-key"]), <the Kafka key as text>)
    assert.deepEqual(literalsAfter("Asset = coalesce"), [...ASSET_KEY_FIELDS.slice(0, 2)]);
    assert.deepEqual(literalsAfter("KafkaKey = Data"), [ASSET_KEY_FIELDS[2]]);
    assert.deepEqual(literalsAfter("bag_remove_keys"), [...ASSET_KEY_FIELDS]);
});

test("the seed's Bronze rows still give silver-expected.csv's assets and tags; topic-only and Kafka-key-only documents get theirs", () => {
    const samples = join(repoRoot, "tests/fixtures/samples");
    const rows = readFileSync(join(samples, "bronze-rows.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    // What the function does with the keys, in the order it reads them (checked against the script above).
    const silverKeys = (doc: Record<string, unknown>): string[] => {
        const asset = ASSET_KEY_FIELDS.map((f) => doc[f]).find((v) => typeof v === "string" && v !== "") as string;
        return Object.keys(doc).filter((k) => !(ASSET_KEY_FIELDS as readonly string[]).includes(k)).map((tag) => `${asset},${tag}`);
    };
    const expected = readFileSync(join(samples, "silver-expected.csv"), "utf8").trim().split("\n").slice(1).map((l) => l.split(",").slice(0, 2).join(","));
    assert.deepEqual(rows.flatMap(silverKeys).sort(), expected.sort());
    const reading = { temperature: { SourceTimestamp: "2025-02-04T11:24:52Z", Value: -4.4 } };
    assert.deepEqual(silverKeys({ [ASSET_TOPIC_FIELD]: "site01/channel22/freezer01", ...reading }), ["site01/channel22/freezer01,temperature"]);
    assert.deepEqual(silverKeys({ "x-opt-kafka-key": "site01/channel22/freezer02", ...reading }), ["site01/channel22/freezer02,temperature"]);
    assert.deepEqual(silverKeys({ [ASSET_TOPIC_FIELD]: "site01/channel22/freezer06", "x-opt-partition-key": "", ...reading }), ["site01/channel22/freezer06,temperature"]);
});
