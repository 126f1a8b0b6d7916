/**
 * The offline query check the serving components run before registering anything: every dashboard
 * tile and alert source query analysed against the schema in `kql/` (the same engine as
 * `kql check`), a broken query reported with the tile or rule it belongs to.
 */
import { SchemaModel, analyzeQueries } from "../../kusto";
import type { QueryAnalyzer } from "./real-time-dashboard";

/** A {@link QueryAnalyzer} over `model` (load it once with `loadSchema` from the `kql/` files). */
export function queryAnalyzer(model: SchemaModel): QueryAnalyzer {
    return (queries, variables) =>
        analyzeQueries(
            model,
            queries.map((q) => ({ where: q.where, text: q.text, parameters: variables, columns: q.columns })),
        ).map((p) => ({ path: p.where, message: `${p.line}:${p.column}: ${p.code}: ${p.message}` }));
}
