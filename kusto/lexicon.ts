/**
 * The fixed vocabulary of Kusto.Language's lexer (`@kusto/language-service-next`, the exact version
 * package.json pins), as data for `./lexer`: every text `SyntaxFacts.GetKindsWithFixedText()` yields,
 * split into keywords (a `word` token that is not an identifier) and symbols (with the token type the
 * engine gives them), the keywords that open a `keyword(...)` literal, and the timespan suffixes.
 * `tests/kusto/lexer.test.ts` rebuilds every table from the package itself and fails on any
 * difference, showing what changed, so an upgrade of the package updates this file first.
 */
export const KEYWORDS: readonly string[] = [
    "!between", "!contains", "!contains_cs", "!endswith", "!endswith_cs", "!has", "!has_cs", "!hasprefix",
    "!hasprefix_cs", "!hassuffix", "!hassuffix_cs", "!in", "!in~", "!startswith", "!startswith_cs", "3Dchart",
    "__contextual_datatable", "__crossCluster", "__crossDB", "__executeAndCache", "__id", "__isFuzzy",
    "__noWithSource", "__packedColumn", "__partitionby", "__projectAway", "__sourceColumnIndex", "access",
    "accumulate", "alias", "and", "anomalychart", "areachart", "as", "asc", "assert-schema", "bagexpansion",
    "barchart", "best_effort", "between", "bin", "bool", "boolean", "by", "byte", "cachingpolicy", "callout",
    "cancel", "card", "char", "columnchart", "commands-and-queries", "consume", "contains", "contains_cs",
    "containscs", "count", "cycles", "database", "dataexport", "dataformat", "datascope", "datatable", "date",
    "datetime", "datetime_pattern", "decimal", "declare", "decodeblocks", "default", "desc", "distinct", "double",
    "dynamic", "earliest", "edges", "encodingpolicy", "endswith", "endswith_cs", "entity_group", "evaluate",
    "expandoutput", "extend", "extent_tags_retention", "external_data", "externaldata", "facet", "filter", "find",
    "first", "flags", "float", "force_remote", "fork", "from", "getschema", "granny-asc", "granny-desc", "graph",
    "graph-mark-components", "graph-match", "graph-shortest-paths", "graph-to-table", "graph-where-edges",
    "graph-where-nodes", "guid", "harddelete", "hardretention", "has", "has_all", "has_any", "has_cs", "hasprefix",
    "hasprefix_cs", "hassuffix", "hassuffix_cs", "hint.concurrency", "hint.distribution", "hint.materialized",
    "hint.progressive_top", "hint.remote", "hint.shufflekey", "hint.spread", "hint.strategy", "hotcache", "id", "in",
    "inline_external_table", "int", "int16", "int32", "int64", "int8", "invoke", "in~", "isfuzzy", "join", "journal",
    "kind", "ladderchart", "last", "latest", "let", "like", "likecs", "limit", "linechart", "long", "lookup",
    "macro-expand", "make-graph", "make-series", "matches regex", "materialize", "materialized-view-combine",
    "materialized-views", "mdm", "missing", "mv-apply", "mv-expand", "mvapply", "mvexpand", "nodes",
    "nooptimization", "notcontains", "notcontainscs", "notlike", "notlikecs", "null", "nulls", "of", "on",
    "optional", "or", "order", "others", "output", "pack", "parse", "parse-kv", "parse-where", "partition",
    "partitioned-by", "pathformat", "pattern", "piechart", "pivotchart", "plotly", "print", "project",
    "project-away", "project-by-names", "project-keep", "project-rename", "project-reorder", "project-smart",
    "queries", "query_parameters", "query_results", "range", "real", "reduce", "regex", "relaxed", "render",
    "restrict", "restricted_view_access", "row_level_security", "rowstore", "rowstore_references",
    "rowstore_sealinfo", "rowstorepolicy", "rowstores", "sample", "sample-distinct", "scan", "scatterchart", "seal",
    "seals", "search", "serialize", "set", "set-or-append", "set-or-replace", "shards", "simple", "softdelete",
    "softretention", "sort", "sql", "stackedareachart", "startswith", "startswith_cs", "statistics", "step",
    "storedqueryresultcontainers", "string", "summarize", "tablepurge", "take", "time", "timechart", "timeline",
    "timepivot", "timespan", "title", "to", "top", "top-hitters", "top-nested", "toscalar", "totable", "treemap",
    "typeof", "uint", "uint16", "uint32", "uint64", "uint8", "ulong", "union", "uniqueid", "unrestrictedviewers",
    "uuid", "verbose", "view", "viewers", "views", "where", "with", "with_itemindex", "with_match_id",
    "with_node_id", "with_source", "with_step_name", "withsource", "writeaheadlog",
];

export const SYMBOLS: Readonly<Record<string, "punct" | "other">> = {
    "bin_legacy": "other", "hint.num_partitions": "other", "(": "punct", ")": "punct", "[": "punct", "]": "punct",
    "{": "punct", "}": "punct", "|": "punct", "<|": "other", "+": "other", "-": "punct", "*": "punct", "/": "other",
    "%": "other", ".": "punct", "..": "other", "!": "other", "<": "other", "<=": "other", ">": "other",
    ">=": "other", "=": "punct", "==": "other", "!=": "other", "<>": "other", ":": "punct", ";": "punct",
    ",": "punct", "=~": "other", "!~": "other", "@": "other", "?": "other", "=>": "other", "--": "other",
    "-->": "other", "<--": "other", "]-": "other", "]->": "other", "-[": "other", "<-[": "other",
};

export const TIMESPAN_SUFFIXES: readonly string[] = [
    "m", "min", "minute", "minutes", "s", "sec", "second", "seconds", "d", "day", "days", "h", "hr", "hrs", "hour",
    "hours", "ms", "milli", "millis", "millisec", "millisecond", "milliseconds", "micro", "micros", "microsec",
    "microsecond", "microseconds", "nano", "nanos", "nanosec", "nanosecond", "nanoseconds", "tick", "ticks",
];

/**
 * Keywords that, directly followed by `(`, make one literal token up to the `)` (`datetime(2024-01-01)`,
 * `long(12)`): `TokenParser.GetGooLiteralTokenKind`, with the type the engine gives that literal kind.
 */
export const LITERAL_KEYWORDS: Readonly<Record<string, "bool" | "long" | "real" | "timespan" | "other">> = {
    bool: "bool", int: "long", int32: "long", long: "long", int64: "long", real: "real", double: "real", decimal: "other",
    time: "timespan", timespan: "timespan", date: "other", datetime: "other", guid: "other",
};
