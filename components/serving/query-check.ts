/**
 * The offline query check the serving components run before registering anything: every dashboard
 * tile and alert source query analysed against the schema in `kql/` (the same engine as
 * `kql check`), a broken query reported with the tile or rule it belongs to.
 */
import { CacheStore, SchemaModel, analyzeQueries } from "../../kusto";
import { cached, contentHash, is } from "../../kusto/cache";
import type { Problem } from "../validation";
import type { QueryAnalyzer } from "./real-time-dashboard";

const isProblems = is.arrayOf((x: unknown): x is Problem => is.object(x) && typeof x.path === "string" && typeof x.message === "string");

/**
 * A {@link QueryAnalyzer} over `model` (load it once with `loadSchema` from the `kql/` files). The
 * verdict is a pure function of the schema and the queries, so it is cached (in memory, and in
 * `cache` when given: a warm `edge-fabric plan` does not load Kusto.Language for it).
 */
export function queryAnalyzer(model: SchemaModel, options: { cache?: CacheStore } = {}): QueryAnalyzer {
    const schema = contentHash(JSON.stringify(model));
    return (queries, variables) =>
        cached(options.cache, ["serving-queries", schema, JSON.stringify(queries), JSON.stringify(variables)], isProblems, () =>
            analyzeQueries(
                model,
                queries.map((q) => ({ where: q.where, text: q.text, parameters: variables, columns: q.columns })),
            ).map((p) => ({ path: p.where, message: `${p.line}:${p.column}: ${p.code}: ${p.message}` })),
        );
}
