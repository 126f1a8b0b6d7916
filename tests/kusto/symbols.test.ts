/**
 * The engine's shortcuts into Kusto.Language give exactly what the documented routes give: symbols
 * built without its parser (tables from column types, parameterless functions without a parameter
 * list) analyze as the ones built from text, and a query analyzed without the editor grammar
 * (`analyzeQueryText`) has the diagnostics and result columns `KustoCode.ParseAndAnalyze` gives.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { analyzeQuery, databaseGlobals } from "../../kusto/analysis";
import { analyzeQueryText, kustoLanguage, toArray, type KGlobalState, type KKustoCode, type KSymbol } from "../../kusto/language";
import { loadSchema } from "../../kusto";
import { generateSchema } from "../../bench/generate";
import { medallionFiles } from "./helpers";
import { emptyModel, type SchemaModel } from "../../kusto/model";
import { columnTypes } from "../../kusto/records";
import { columnList } from "../../kusto/text";

const types = [...new Set(Object.values(columnTypes))];

function model(): SchemaModel {
    const m = emptyModel();
    const columns = [...types.map((type) => ({ name: `c_${type}`, type })), { name: "with space", type: "string" }, { name: "where", type: "long" }];
    const source = { path: "t.kql", line: 1, column: 1 };
    m.tables["My Table"] = { name: "My Table", columns, folder: "", docstring: "", policies: {}, source };
    m.tables.Other = { name: "Other", columns: [{ name: "Id", type: "string" }], folder: "", docstring: "", policies: {}, source };
    const fn = { folder: "", docstring: "", view: false, skipValidation: false, source };
    m.functions.latest = { ...fn, name: "latest", parameters: [], body: "['My Table'] | project c_string, ['with space'], Id = tostring(c_guid)" };
    m.functions.scaled = { ...fn, name: "scaled", parameters: [{ name: "k", type: "real" }], body: "['My Table'] | extend v = c_real * k" };
    return m;
}

/** The same database built the way Kusto.Language's documentation shows: every symbol from text. */
function fromText(m: SchemaModel): KGlobalState {
    const k = kustoLanguage();
    const S = k.Symbols;
    const members: KSymbol[] = [
        ...Object.values(m.tables).map((t) => new S.TableSymbol.$ctor7(t.name, columnList(t.columns), null)),
        ...Object.values(m.functions).map((f) => new S.FunctionSymbol.$ctor16(f.name, `(${f.parameters.map((p) => `${p.name}:${p.type}`).join(", ")})`, `{\n${f.body}\n}`, null)),
    ];
    const db = new S.DatabaseSymbol.ctor("db", members);
    return k.GlobalState.Default.WithCluster(new S.ClusterSymbol.ctor("cluster", [db])).WithDatabase(db);
}

test("tables built from column types and parameterless functions analyze exactly as symbols parsed from text", () => {
    const m = model();
    const built = databaseGlobals(m);
    const parsed = fromText(m);
    const queries = [
        "['My Table']",
        "['My Table'] | where c_datetime > ago(1d) and c_bool | summarize count() by bin(c_timespan, 1h), c_int, c_decimal",
        "['My Table'] | project x = c_dynamic.a, c_long + c_int, ['where']",
        "latest()",
        "latest(1)",
        "scaled(2.0) | project v",
        "['My Table'] | project nope",
        "Other | join kind=inner (['My Table'] | extend Id = tostring(c_guid)) on Id",
    ];
    for (const q of queries) {
        assert.deepEqual(analyzeQuery(q, built), analyzeQuery(q, parsed), q);
    }
    // The columns are the model's, names and types: a wrong type would fail an update policy's schema check.
    assert.deepEqual(analyzeQuery("['My Table']", built).columns, m.tables["My Table"].columns);
    assert.equal(analyzeQuery("['My Table'] | project nope", built).errors.length, 1);
});

/** Everything a caller can read from an analysis: every diagnostic and the result columns. */
function observable(code: KKustoCode): unknown {
    const diagnostics = toArray(code.GetDiagnostics()).map((d) => [d.Start, d.Length, d.Code, d.Severity, d.Message]);
    const columns = code.ResultType?.Columns ? toArray(code.ResultType.Columns).map((c) => [c.Name, c.Type.Name]) : null;
    return { diagnostics, columns };
}

test("a query analyzed without the editor grammar has ParseAndAnalyze's diagnostics and result columns", async () => {
    const k = kustoLanguage();
    const medallion = (await loadSchema(medallionFiles())).model;
    const generated = (await loadSchema(generateSchema(20))).model;
    const cases: [string, KGlobalState][] = [];
    for (const m of [medallion, generated, model()]) {
        const globals = databaseGlobals(m);
        for (const f of Object.values(m.functions)) cases.push([f.body, globals]);
        for (const v of Object.values(m.materializedViews)) cases.push([v.query, globals]);
    }
    const broken = [
        "Nope | take 1",
        "['My Table'] | where c_long > 'x' | project c_string, missing",
        "['My Table'] | summarize arg_max(c_datetime, *) by c_string | extend d = now() + 1",
        "['My Table'] |",
        "let x = 1; ['My Table'] | extend y = x * c_real",
        "declare query_parameters(p: string); ['My Table'] | where c_string == p",
        ".show tables",
        "",
    ];
    for (const q of broken) cases.push([q, databaseGlobals(model())], [q, k.GlobalState.Default]);
    for (const [text, globals] of cases) {
        assert.deepEqual(observable(analyzeQueryText(text, globals)), observable(k.KustoCode.ParseAndAnalyze(text, globals)), text);
    }
    assert.ok(cases.length >= 30, `${cases.length} cases`);
});
