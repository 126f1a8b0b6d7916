/**
 * Queries analyzed by Kusto.Language against a schema model: the symbols a model declares, a query's
 * errors and result columns, and whether a result fits a table.
 */
import { is } from "./cache";
import { KColumnSymbol, KGlobalState, KSymbol, analyzeQueryText, kustoLanguage, toArray } from "./language";
import { ColumnModel, FunctionParameter, SchemaModel } from "./model";
import { columnList, quoteName } from "./text";

/** A query's errors (offsets in the query) and result columns. */
export interface Analysis {
    errors: { start: number; code: string; message: string }[];
    columns?: ColumnModel[];
}

export const isAnalysis = (v: unknown): v is Analysis => is.object(v) && Array.isArray(v.errors) && (v.columns === undefined || Array.isArray(v.columns));


export function parametersText(params: FunctionParameter[]): string {
    return `(${params.map((p) => `${quoteName(p.name)}:${p.type}${p.defaultValue !== undefined ? ` = ${p.defaultValue}` : ""}`).join(", ")})`;
}

/**
 * Declarations that put a function's parameters in scope for analyzing its body alone: scalars as
 * query parameters, tables as empty datatables of their schema.
 */
export function parameterPrelude(params: FunctionParameter[]): string {
    const scalars = params.filter((p) => !p.type.startsWith("("));
    const tables = params.filter((p) => p.type.startsWith("("));
    const parts: string[] = [];
    if (scalars.length) {
        parts.push(`declare query_parameters(${scalars.map((p) => `${quoteName(p.name)}:${p.type}`).join(", ")});`);
    }
    for (const t of tables) {
        const schema = t.type === "(*)" ? "(['*']:dynamic)" : t.type;
        parts.push(`let ${quoteName(t.name)} = datatable${schema}[];`);
    }
    return parts.length ? `${parts.join(" ")}\n` : "";
}

/**
 * Kusto.Language's global state with one database holding the model's tables, functions and views.
 * `symbols` reuses symbols across rebuilds (they are immutable, and constructing one parses its
 * schema or body).
 */
export function databaseGlobals(model: SchemaModel, symbols = new Map<string, KSymbol>()): KGlobalState {
    const k = kustoLanguage();
    const S = k.Symbols;
    const symbol = (key: string, make: () => KSymbol): KSymbol => {
        let s = symbols.get(key);
        if (!s) symbols.set(key, (s = make()));
        return s;
    };
    // A table's columns are built from their scalar types, as Kusto.Language builds them from a parsed
    // schema (`TableSymbol.From`), without running its query parser on a schema text: in a fresh
    // process that parser's first runs cost ≈ 0.4 s for 200 tables. A type it does not know (none
    // the model holds) takes the schema-text route, so the symbol is the same either way.
    const tableSymbol = (name: string, columns: ColumnModel[], schema: string): KSymbol => {
        const columnSymbols: KSymbol[] = [];
        for (const c of columns) {
            const type = S.ScalarTypes.GetSymbol(c.type);
            if (!type) return new S.TableSymbol.$ctor7(name, schema, null);
            columnSymbols.push(new S.ColumnSymbol(c.name, type));
        }
        return new S.TableSymbol.$ctor6(name, columnSymbols, null);
    };
    const members: KSymbol[] = [];
    for (const t of Object.values(model.tables)) {
        const schema = columnList(t.columns);
        members.push(symbol(`t\0${t.name}\0${schema}`, () => tableSymbol(t.name, t.columns, schema)));
    }
    for (const f of Object.values(model.functions)) {
        const params = parametersText(f.parameters);
        // `$ctor16` is `$ctor14` with the parameter list parsed: a function without parameters skips that parser too.
        const body = `{\n${f.body}\n}`;
        members.push(symbol(`f\0${f.name}\0${params}\0${f.body}`, () => (f.parameters.length ? new S.FunctionSymbol.$ctor16(f.name, params, body, null) : new S.FunctionSymbol.$ctor14(f.name, body, [], null))));
    }
    for (const v of Object.values(model.materializedViews)) {
        const schema = columnList(v.columns ?? []);
        members.push(symbol(`v\0${v.name}\0${schema}\0${v.query}`, () => new S.MaterializedViewSymbol.$ctor3(v.name, schema, v.query, null)));
    }
    const db = new S.DatabaseSymbol.ctor("db", members);
    return k.GlobalState.Default.WithCluster(new S.ClusterSymbol.ctor("cluster", [db])).WithDatabase(db);
}

/** Analyzes a query against `globals`: its errors and its result columns. */
export function analyzeQuery(query: string, globals: KGlobalState): Analysis {
    const code = analyzeQueryText(query, globals);
    const errors = toArray(code.GetDiagnostics())
        .filter((d) => d.Severity === "Error")
        .map((d) => ({ start: d.Start, code: d.Code, message: d.Message }));
    const cols = code.ResultType?.Columns;
    const columns = cols ? toArray<KColumnSymbol>(cols).map((c) => ({ name: c.Name, type: c.Type.Name })) : undefined;
    return { errors, columns };
}
/** Why a query's result does not fit a table, or undefined when it does (names, types, order). */
export function schemaMismatch(result: ColumnModel[], table: ColumnModel[]): string | undefined {
    for (let i = 0; i < Math.max(result.length, table.length); i++) {
        const got = result[i];
        const want = table[i];
        if (!got || !want || got.name !== want.name || got.type !== want.type) {
            const show = (c?: ColumnModel): string => (c ? `${c.name}:${c.type}` : "nothing");
            return `returns ${columnList(result)}, which does not match the table ${columnList(table)}: column ${i + 1} is ${show(got)}, expected ${show(want)}`;
        }
    }
    return undefined;
}
