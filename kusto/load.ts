/**
 * Scripts to a schema model, with validation. A folder of scripts is a declarative set: every file
 * is read first, then commands are applied by kind (tables, their properties, functions, views,
 * then policies, mappings and exports), so a query is analyzed against everything the folder
 * declares, whatever file declares it and however files are named. Tables declared more than once
 * are merged as `.create-merge` does; definitions that contradict each other are reported at both
 * places. Kusto.Language symbols are rebuilt only when a query is about to be analyzed.
 */
import { Diagnostic, SourceFile } from "./diagnostics";
import { SchemaModel } from "./model";
import type { LoadOptions } from "./builder-base";
import { SchemaBuilder } from "./schema-builder";
import { separateRows } from "./scan";

export type { LoadOptions };

export interface LoadResult {
    model: SchemaModel;
    /** Problems: errors and warnings. */
    diagnostics: Diagnostic[];
    /** What the current schema holds that the engine keeps as it is (`note EF005`); nothing to fix. */
    notes: Diagnostic[];
}

function load(files: SourceFile[], validateQueries: boolean, options: LoadOptions): LoadResult {
    const builder = new SchemaBuilder(validateQueries, options);
    // Sorted here, so that the order a caller lists files in never matters.
    for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) builder.readFile(file);
    builder.build();
    if (options.databasePoliciesOwnedElsewhere?.length) builder.model.database.ownedElsewhere = [...options.databasePoliciesOwnedElsewhere];
    return { model: builder.model, diagnostics: builder.diagnostics, notes: builder.notes };
}

/**
 * The desired side: `.kql` scripts as one declarative set (file order never matters), every
 * problem reported, queries analyzed against everything the scripts declare.
 */
export function loadSchema(files: SourceFile[], options: LoadOptions = {}): Promise<LoadResult> {
    return Promise.resolve(load(files, true, options));
}

/**
 * The current side: what `.show database DB schema as csl script` returned (its rows joined by blank
 * lines, or as the server's one-command-a-row text). The server already accepted these commands and
 * may print them in an order where a query names something printed later, so queries are not
 * validated here; syntax and structure still are.
 */
export function readCslSchema(text: string, path = "<current schema>", options: LoadOptions = {}): Promise<LoadResult> {
    return Promise.resolve(load([{ path, text: separateRows(text) }], false, options));
}
