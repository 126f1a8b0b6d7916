/**
 * The symbols the engine builds without Kusto.Language's parser (tables from column types,
 * parameterless functions without a parameter list) analyze exactly as the ones built from text.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { analyzeQuery, databaseGlobals } from "../../kusto/analysis";
import { kustoLanguage, type KGlobalState, type KSymbol } from "../../kusto/language";
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
