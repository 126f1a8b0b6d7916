/**
 * Offline analysis of queries that live outside the schema scripts (dashboard tiles, alert
 * sources) against a schema model: the same Kusto.Language analysis `kql check` runs on function
 * bodies, with the queries' own parameters declared, and a check that the result has the columns
 * the query's consumer names (a tile's x/y columns: a typo there gives an empty tile, no error).
 */
import { analyzeQuery, databaseGlobals } from "./analysis";
import { SchemaModel } from "./model";
import { quoteName } from "./text";

export interface QueryToCheck {
    /** Where the query is, for messages: `pages[0].tiles[2] "Latest value per asset and tag"`. */
    where: string;
    text: string;
    /** Variables bound when the query runs (dashboard parameters), with their KQL scalar types. */
    parameters: { name: string; type: string }[];
    /** Result columns the consumer needs, by the option that names them. */
    columns?: { option: string; names: string[] }[];
}

export interface QueryProblem {
    where: string;
    /** 1-based line and column in the query text (1:1 for result-column problems). */
    line: number;
    column: number;
    code: string;
    message: string;
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
    const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
    const line = before.split("\n").length;
    return { line, column: offset - before.lastIndexOf("\n") };
}

/** Every problem of every query, in order; empty when all of them run against `model`. */
export function analyzeQueries(model: SchemaModel, queries: QueryToCheck[]): QueryProblem[] {
    if (queries.length === 0) {
        return [];
    }
    const globals = databaseGlobals(model);
    const problems: QueryProblem[] = [];
    for (const q of queries) {
        const prelude = q.parameters.length ? `declare query_parameters(${q.parameters.map((p) => `${quoteName(p.name)}:${p.type}`).join(", ")});\n` : "";
        const { errors, columns } = analyzeQuery(prelude + q.text, globals);
        for (const e of errors) {
            problems.push({ where: q.where, ...lineColumn(q.text, e.start - prelude.length), code: e.code, message: e.message });
        }
        if (errors.length === 0) {
            const have = new Set((columns ?? []).map((c) => c.name));
            for (const c of q.columns ?? []) {
                for (const name of c.names.filter((n) => !have.has(n))) {
                    problems.push({ where: q.where, line: 1, column: 1, code: "EF_COLUMN", message: `${c.option} names column '${name}', which the query does not return (it returns ${[...have].join(", ") || "no columns"})` });
                }
            }
        }
    }
    return problems;
}
