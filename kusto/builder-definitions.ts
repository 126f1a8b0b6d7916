/**
 * Declarations: tables (merged as `.create-merge` does), their column docstrings, functions and
 * materialized views, and the validation of function bodies once every declaration is known.
 */
import { parameterPrelude, parametersText } from "./analysis";
import { BuilderBase } from "./builder-base";
import { Codes, DiagnosticSink } from "./diagnostics";
import { ColumnModel, FunctionModel, MaterializedViewModel } from "./model";
import { CommandRecord, Literal, columnTypes } from "./records";
import { columnList, normalizeQuery } from "./text";

export abstract class DefinitionBuilder extends BuilderBase {
    /** Functions declared, validated once every declaration is in the model. */
    protected readonly declaredFunctions: { fn: FunctionModel; body: Literal; sink: DiagnosticSink; at: number }[] = [];

    protected applyTable(r: Extract<CommandRecord, { kind: "table" }>): void {
        this.properties(r.properties, ["folder", "docstring"], "a table");
        const seen = new Set<string>();
        const columns: ColumnModel[] = [];
        for (const c of r.columns) {
            if (seen.has(c.name.name)) {
                this.error(c.name.at, Codes.duplicateColumn, `column '${c.name.name}' is declared twice in table ${r.name.name}`);
                continue;
            }
            seen.add(c.name.name);
            columns.push({ name: c.name.name, type: columnTypes[c.type] });
        }
        if (this.nameTaken(r.name, "table")) return;
        const folder = r.properties.folder?.value ?? "";
        const docstring = r.properties.docstring?.value ?? "";
        const existing = this.model.tables[r.name.name];
        if (!existing) {
            this.declare(`table:${r.name.name}`, r.name.at, `table ${r.name.name}`);
            this.model.tables[r.name.name] = { name: r.name.name, columns, folder, docstring, policies: {}, source: this.sink.at(r.name.at) };
            this.added("table", r.name.name, columnList(columns));
            return;
        }
        // Another declaration of the table extends it, as `.create-merge` does: new columns are appended.
        const problems: string[] = [];
        const added: ColumnModel[] = [];
        for (const c of columns) {
            const old = existing.columns.find((e) => e.name === c.name);
            if (!old) added.push(c);
            else if (old.type !== c.type) problems.push(`column ${c.name} is ${old.type} there and ${c.type} here`);
        }
        if (r.properties.folder && existing.folder && existing.folder !== folder) problems.push(`folder "${existing.folder}" vs "${folder}"`);
        if (r.properties.docstring && existing.docstring && existing.docstring !== docstring) problems.push("docstring");
        this.declare(`table:${r.name.name}`, r.name.at, `table ${r.name.name}`, problems.join("; "));
        if (problems.length) return;
        existing.columns.push(...added);
        existing.folder ||= folder;
        existing.docstring ||= docstring;
        if (added.length) this.added("table", r.name.name, columnList(existing.columns));
    }

    /** `.alter` replaces the table's column docstrings, `.alter-merge` merges into them; an empty one removes it. */
    protected applyColumnDocstrings(r: Extract<CommandRecord, { kind: "column-docstrings" }>): void {
        const table = this.requireTable(r.table);
        if (!table) return;
        const docs = r.verb === "alter" ? {} : { ...table.columnDocstrings };
        for (const { column, value } of r.docstrings) {
            if (!table.columns.some((c) => c.name === column.name)) {
                this.error(column.at, Codes.unknownMappingColumn, `column docstring of '${column.name}', which table ${table.name} does not have`);
            } else if (value.value === "") {
                delete docs[column.name];
            } else {
                docs[column.name] = value.value;
            }
        }
        if (Object.keys(docs).length) table.columnDocstrings = docs;
        else delete table.columnDocstrings;
    }
    protected applyFunction(r: Extract<CommandRecord, { kind: "function" }>): void {
        this.properties(r.properties, ["folder", "docstring", "skipvalidation", "view"], "a function");
        const flag = (key: string): boolean => (r.properties[key]?.value ?? "false").toLowerCase() === "true";
        const fn: FunctionModel = {
            name: r.name.name,
            parameters: r.parameters.map((p) => ({ ...p, type: p.type.startsWith("(") ? p.type : columnTypes[p.type] })),
            body: r.body.value,
            folder: r.properties.folder?.value ?? "",
            docstring: r.properties.docstring?.value ?? "",
            view: flag("view"),
            skipValidation: flag("skipvalidation"),
            source: this.sink.at(r.name.at),
        };
        if (this.nameTaken(r.name, "function")) return;
        const existing = this.model.functions[fn.name];
        const differs =
            existing &&
            (parametersText(existing.parameters) !== parametersText(fn.parameters) ||
                existing.body !== fn.body ||
                existing.view !== fn.view ||
                existing.folder !== fn.folder ||
                existing.docstring !== fn.docstring);
        if (!this.declare(`function:${fn.name}`, r.name.at, `function ${fn.name}`, differs ? "parameters, body (byte for byte), view, folder or docstring" : undefined)) return;
        this.model.functions[fn.name] = fn;
        this.added("function", fn.name, parametersText(fn.parameters), fn.body);
        this.declaredFunctions.push({ fn, body: r.body, sink: this.sink, at: r.name.at });
    }

    /** Function bodies, analyzed against every table, function and view the scripts declare. */
    protected validateFunctions(): void {
        if (!this.validateQueries) return;
        for (const { fn, body, sink, at } of this.declaredFunctions) {
            if (fn.skipValidation) continue;
            this.sink = sink;
            const prelude = parameterPrelude(fn.parameters);
            const { errors, columns } = this.analyze(prelude + body.value);
            for (const e of errors) {
                const offset = e.start - prelude.length;
                this.error(offset >= 0 ? body.at + offset : at, e.code, `in function ${fn.name}: ${e.message}`);
            }
            if (!errors.length && columns && !fn.parameters.length) this.functionResults.set(fn.name, columns);
        }
    }
    protected applyView(r: Extract<CommandRecord, { kind: "materialized-view" }>): void {
        const known = ["folder", "docstring", "lookback", "lookback_column", "backfill", "effectivedatetime", "updateextentscreationtime", "autoupdateschema", "dimensiontables"];
        this.properties(r.properties, known, "a materialized view");
        const properties: Record<string, string> = {};
        for (const [k, v] of Object.entries(r.properties)) {
            if (k !== "folder" && k !== "docstring" && known.includes(k)) properties[k] = v.value;
        }
        const view: MaterializedViewModel = {
            name: r.name.name,
            sourceTable: r.sourceTable.name,
            query: r.query.value.trim(),
            folder: r.properties.folder?.value ?? "",
            docstring: r.properties.docstring?.value ?? "",
            properties,
            policies: {},
            source: this.sink.at(r.name.at),
        };
        if (this.nameTaken(r.name, "view")) return;
        const existing = this.model.materializedViews[view.name];
        const differs =
            existing &&
            (normalizeQuery(existing.query) !== normalizeQuery(view.query) || existing.sourceTable !== view.sourceTable || existing.folder !== view.folder || existing.docstring !== view.docstring);
        if (!this.declare(`view:${view.name}`, r.name.at, `materialized view ${view.name}`, differs ? "source table, query, folder or docstring" : undefined)) return;
        const sourceKnown = this.requireTable(r.sourceTable) !== undefined;
        if (sourceKnown || !this.validateQueries) {
            const { errors, columns } = this.analyze(r.query.value);
            if (this.validateQueries) {
                for (const e of errors) this.error(r.query.at + e.start, e.code, `in materialized view ${view.name}: ${e.message}`);
            }
            if (columns) view.columns = columns;
        }
        this.model.materializedViews[view.name] = view;
        this.added("view", view.name, columnList(view.columns ?? []), view.query);
    }
}
