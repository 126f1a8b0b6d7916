/**
 * Scripts to a schema model, with validation. A folder of scripts is a declarative set: every file
 * is read first, then commands are applied by kind (tables, their properties, functions, views,
 * then policies, mappings and exports), so a query is analyzed against everything the folder
 * declares, whatever file declares it and however files are named. Tables declared more than once
 * are merged as `.create-merge` does; definitions that contradict each other are reported at both
 * places. Kusto.Language symbols are rebuilt only when a query is about to be analyzed.
 */
import { Analysis, analyzeQuery, databaseGlobals, isAnalysis, parameterPrelude, parametersText, schemaMismatch, schemaOf } from "./analysis";
import { Codes, Diagnostic, DiagnosticSink, SourceFile } from "./diagnostics";
import { CacheStore, cached, contentHash } from "./cache";
import { GrammarVerdict, grammarVerdict } from "./grammar";
import type { KGlobalState, KSymbol } from "./language";
import {
    ColumnModel,
    EntityPolicies,
    FunctionModel,
    MappingModel,
    MaterializedViewModel,
    SchemaModel,
    TableModel,
    emptyModel,
    mappingKey,
} from "./model";
import {
    PolicyError,
    cachingFromSettings,
    mappingColumnsFromJson,
    retentionFromJson,
    retentionFromSettings,
    updatePolicyFromJson,
} from "./normalize";
import { ExportContext, applyContinuousExport, applyExternalTable } from "./export";
import { applyManagedIdentity } from "./identity";
import { applyMirroring } from "./mirroring";
import { plainPolicyValue } from "./policies";
import { CommandRecord, Literal, Named, PlainPolicyRecord, columnTypes } from "./reader";
import { AnyRecord, isScan, scanFile, separateRows } from "./scan";
import { normalizeQuery } from "./text";

export interface LoadOptions {
    /** Where scans, grammar verdicts and query analyses persist between runs (the CLI passes a disk store). */
    cache?: CacheStore;
}

export interface LoadResult {
    model: SchemaModel;
    /** Problems: errors and warnings. */
    diagnostics: Diagnostic[];
    /** What the current schema holds that the engine keeps as it is (`note EF005`); nothing to fix. */
    notes: Diagnostic[];
}

const place = (loc: { path: string; line: number; column: number }): string => `${loc.path}:${loc.line}:${loc.column}`;

/** Where a definition was first declared: the file's sink and the offset in it. */
interface Origin {
    sink: DiagnosticSink;
    at: number;
}

/** A command read from a file, waiting for its phase. */
interface Pending {
    record: AnyRecord;
    sink: DiagnosticSink;
}

/**
 * The order commands are applied in, whatever order the files give them: declarations first, then
 * what refers to them. Equal phases keep file order (files sorted by path).
 */
const PHASE: Record<AnyRecord["kind"], number> = {
    table: 0,
    "table-property": 1,
    "column-docstrings": 1,
    function: 2,
    "materialized-view": 3,
    mapping: 4,
    policy: 4,
    "plain-policy": 4,
    mirroring: 4,
    "managed-identity": 4,
    "external-table": 5,
    "continuous-export": 6,
};

class SchemaBuilder {
    readonly model: SchemaModel = emptyModel();
    private globals: KGlobalState | undefined;
    private readonly symbols = new Map<string, KSymbol>();
    /** Result columns of parameterless functions, from analyzing their bodies. */
    private readonly functionResults = new Map<string, ColumnModel[]>();
    /** Hash of every symbol added so far, in order: what a query's analysis depends on besides its text. */
    private fingerprint = "";
    private sink!: DiagnosticSink;
    private readonly sinks: DiagnosticSink[] = [];
    private readonly pending: Pending[] = [];
    /** First declaration of each definition (`table:X`, `function:f`, `retention:table:X`, ...), for conflicts. */
    private readonly origins = new Map<string, Origin>();
    /** Functions declared, validated once every declaration is in the model. */
    private readonly declaredFunctions: { fn: FunctionModel; body: Literal; sink: DiagnosticSink; at: number }[] = [];
    readonly notes: Diagnostic[] = [];

    /**
     * `adopting`: reading what a server printed (the current side). It already accepted every
     * command, so what the engine does not model is kept as it is and noted, never an error.
     */
    constructor(
        private readonly validateQueries: boolean,
        private readonly options: LoadOptions,
        private readonly adopting = !validateQueries,
    ) {}

    /** Reads a file: its commands wait for {@link build}; what is not a command is reported now. */
    readFile(file: SourceFile): void {
        this.sink = new DiagnosticSink(file.path, file.text);
        this.sinks.push(this.sink);
        for (const item of cached(this.options.cache, ["scan", file.text], isScan, () => scanFile(file.text))) {
            if (item.t === "record") {
                this.pending.push({ record: item.record, sink: this.sink });
            } else if (item.t === "grammar") {
                this.reportGrammar(grammarVerdict(item.text, this.options.cache), item.at, item.text);
            } else if (item.t === "missing-blank") {
                this.error(item.at, Codes.missingBlankLine, "a command must be separated from the previous one by a blank line (Kusto would silently ignore this one)");
            } else {
                this.error(item.at, Codes.notACommand, "a schema script holds only control commands (starting with '.'), not queries");
            }
        }
    }

    /** Applies every command read, phase by phase, then validates function bodies against the whole model. */
    build(): void {
        // Of several declarations of a table, the widest is the base and the others append to it,
        // so a file that adds a column lands it after the table's own columns whatever its name.
        // Tables keep the order of their first declaration.
        const firstSeen = new Map<string, number>();
        this.pending.forEach((p, i) => {
            if (p.record.kind === "table" && !firstSeen.has(p.record.name.name)) firstSeen.set(p.record.name.name, i);
        });
        const rank = (p: Pending, i: number): [number, number, number] =>
            p.record.kind === "table" ? [firstSeen.get(p.record.name.name) ?? i, -p.record.columns.length, i] : [i, 0, i];
        const ordered = this.pending
            .map((p, i) => ({ p, i, r: rank(p, i) }))
            .sort((a, b) => PHASE[a.p.record.kind] - PHASE[b.p.record.kind] || a.r[0] - b.r[0] || a.r[1] - b.r[1] || a.r[2] - b.r[2]);
        let validated = false;
        for (const { p } of ordered) {
            if (!validated && PHASE[p.record.kind] > PHASE["materialized-view"]) {
                this.validateFunctions();
                validated = true;
            }
            this.sink = p.sink;
            this.apply(p.record);
        }
        if (!validated) this.validateFunctions();
    }

    /** File by file (in the order read), each file's by position. */
    get diagnostics(): Diagnostic[] {
        return this.sinks.flatMap((s) => [...s.items].sort((a, b) => a.line - b.line || a.column - b.column));
    }

    /**
     * Records the first declaration of `key`; for a later one whose definition differs (`problem`
     * non-empty), reports the conflict at both places. Returns whether this was the first.
     */
    private declare(key: string, at: number, what: string, problem?: string): boolean {
        const first = this.origins.get(key);
        if (!first) {
            this.origins.set(key, { sink: this.sink, at });
            return true;
        }
        if (problem) {
            const here = this.sink.at(at);
            const there = first.sink.at(first.at);
            this.error(at, Codes.conflictingDefinition, `${what} is already declared at ${place(there)} differently: ${problem}`);
            first.sink.error(first.at, Codes.conflictingDefinition, `${what} is declared differently at ${place(here)}: ${problem}`);
        }
        return false;
    }

    /** A valid command the engine does not model is an error in scripts, and kept as it is (a note) in an adopted schema. */
    private reportGrammar(verdict: GrammarVerdict, start: number, text: string): void {
        if (verdict.diagnostics.length) {
            for (const d of verdict.diagnostics) {
                this.sink.error(start + d.start, d.code, d.message);
            }
        } else if (verdict.commandKind === "UnknownCommand") {
            this.sink.error(start, Codes.unknownCommand, "unknown command (check its spelling)");
        } else if (this.adopting) {
            this.unmanaged(start, text, `the engine does not model ${verdict.commandKind}; it is kept as it is, neither diffed nor applied`);
        } else {
            this.sink.error(
                start,
                Codes.unsupportedCommand,
                `command ${verdict.commandKind} is valid KQL but not part of the schema model (tables, functions, ingestion mappings, retention/caching/update policies, materialized views, storage external tables, continuous exports, the database's managed identity policy), or not in a form the engine reads`,
            );
        }
    }

    private error(at: number, code: string, message: string): void {
        this.sink.error(at, code, message);
    }

    private unmanaged(at: number, text: string, reason: string): void {
        const source = this.sink.at(at);
        this.model.unmanaged.push({ text, reason, source });
        this.notes.push(this.sink.note(at, Codes.unmanaged, `unmanaged: ${text.split("\n")[0]}: ${reason}`));
    }

    private exportContext(): ExportContext {
        return {
            model: this.model,
            validateQueries: this.validateQueries,
            error: (at, code, message) => this.error(at, code, message),
            at: (offset) => this.sink.at(offset),
            analyze: (query) => this.analyze(query),
            mismatch: schemaMismatch,
        };
    }

    private apply(r: AnyRecord): void {
        switch (r.kind) {
            case "table":
                return this.applyTable(r);
            case "table-property": {
                const table = this.requireTable(r.table);
                if (table) table[r.property] = r.value.value;
                return;
            }
            case "column-docstrings":
                return this.applyColumnDocstrings(r);
            case "function":
                return this.applyFunction(r);
            case "mapping":
                return this.applyMapping(r);
            case "policy":
                return this.applyPolicy(r);
            case "plain-policy":
                return this.applyPlainPolicy(r);
            case "materialized-view":
                return this.applyView(r);
            case "mirroring": {
                const table = this.requireTable(r.table);
                if (table) applyMirroring(table, r, (at, message) => this.error(at, Codes.badPolicy, message));
                return;
            }
            case "external-table":
                return applyExternalTable(this.exportContext(), r);
            case "continuous-export":
                return applyContinuousExport(this.exportContext(), r);
            case "managed-identity":
                return applyManagedIdentity(this.model, r, this.validateQueries, (at, message) => this.error(at, Codes.badPolicy, message));
        }
    }

    /** Properties outside `allowed` are errors in scripts; in an adopted schema they are kept by the server and noted. */
    private properties(props: Record<string, Literal>, allowed: string[], what: string): void {
        for (const [key, value] of Object.entries(props)) {
            if (allowed.includes(key)) continue;
            if (this.adopting) {
                this.notes.push(this.sink.note(value.at, Codes.unmanaged, `property '${key}' of ${what} is not managed: the diff neither compares nor sets it`));
            } else {
                this.error(value.at, Codes.unsupportedCommand, `property '${key}' of ${what} is not supported here (allowed: ${allowed.join(", ")})`);
            }
        }
    }

    /** A name already taken by another kind of entity. */
    private nameTaken(name: Named, kind: string): boolean {
        const m = this.model;
        const other = kind !== "table" && m.tables[name.name] ? "a table" : kind !== "function" && m.functions[name.name] ? "a function" : kind !== "view" && m.materializedViews[name.name] ? "a materialized view" : undefined;
        if (other) {
            this.error(name.at, Codes.conflictingDefinition, `'${name.name}' is already ${other}`);
        }
        return other !== undefined;
    }

    private applyTable(r: Extract<CommandRecord, { kind: "table" }>): void {
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
            this.added("table", r.name.name, schemaOf(columns));
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
        if (added.length) this.added("table", r.name.name, schemaOf(existing.columns));
    }

    /** `.alter` replaces the table's column docstrings, `.alter-merge` merges into them; an empty one removes it. */
    private applyColumnDocstrings(r: Extract<CommandRecord, { kind: "column-docstrings" }>): void {
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

    private requireTable(name: Named): TableModel | undefined {
        const table = this.model.tables[name.name];
        if (!table) {
            const hint = this.model.materializedViews[name.name] ? " (it is a materialized view)" : "";
            this.error(name.at, Codes.unknownTable, `table '${name.name}' is not declared in the scripts${hint}`);
        }
        return table;
    }

    private globalState(): KGlobalState {
        this.globals ??= databaseGlobals(this.model, this.symbols);
        return this.globals;
    }

    private added(...definition: string[]): void {
        this.globals = undefined;
        this.fingerprint = contentHash(this.fingerprint, ...definition);
    }

    /** Analyzes a query; returns its errors (offsets in `query`) and result columns. */
    private analyze(query: string): Analysis {
        return cached(this.options.cache, ["analyze", this.fingerprint, query], isAnalysis, () => this.analyzeNow(query));
    }

    private analyzeNow(query: string): Analysis {
        return analyzeQuery(query, this.globalState());
    }

    private applyFunction(r: Extract<CommandRecord, { kind: "function" }>): void {
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
    private validateFunctions(): void {
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

    private applyMapping(r: Extract<CommandRecord, { kind: "mapping" }>): void {
        const table = this.requireTable(r.table);
        let columns;
        try {
            columns = mappingColumnsFromJson(r.json.value);
        } catch (error) {
            if (!(error instanceof PolicyError)) throw error;
            this.error(r.json.at, Codes.badJson, `mapping "${r.name.value}": ${error.message}`);
            return;
        }
        if (!table) return;
        for (const c of columns) {
            if (!table.columns.some((tc) => tc.name === c.column)) {
                this.error(r.json.at, Codes.unknownMappingColumn, `mapping "${r.name.value}" maps column '${c.column}', which table ${table.name} does not have`);
            }
        }
        const mapping: MappingModel = { table: table.name, kind: r.mappingKind, name: r.name.value, columns, json: r.json.value, source: this.sink.at(r.name.at) };
        const key = mappingKey(table.name, r.mappingKind, r.name.value);
        const existing = this.model.mappings[key];
        const differs = existing && JSON.stringify(existing.columns) !== JSON.stringify(columns) ? "columns" : undefined;
        if (this.declare(`mapping:${key}`, r.name.at, `mapping "${r.name.value}" on ${table.name}`, differs)) this.model.mappings[key] = mapping;
    }

    private policyTarget(r: { entity: PlainPolicyRecord["entity"] }): { policies: EntityPolicies; table?: TableModel } | undefined {
        const { kind, name } = r.entity;
        if (kind === "database") {
            this.model.database.name = name.name;
            return { policies: this.model.database.policies };
        }
        if (kind === "table") {
            const table = this.requireTable(name);
            return table ? { policies: table.policies, table } : undefined;
        }
        const view = this.model.materializedViews[name.name];
        if (!view) {
            this.error(name.at, Codes.unknownMaterializedView, `materialized view '${name.name}' is not declared in the scripts`);
        }
        return view ? { policies: view.policies } : undefined;
    }

    /** Policies apply in path order, so a later file overrides (a site's `zz-site-policies.kql`). */
    private applyPolicy(r: Extract<CommandRecord, { kind: "policy" }>): void {
        const target = this.policyTarget(r);
        const at = r.json?.at ?? Object.values(r.settings ?? {})[0]?.at ?? r.entity.name.at;
        const settings = Object.fromEntries(Object.entries(r.settings ?? {}).map(([k, v]) => [k, v.value]));
        try {
            if (r.policy === "retention") {
                const policy = r.json ? retentionFromJson(r.json.value) : retentionFromSettings(settings, target?.policies.retention);
                if (target) target.policies.retention = policy;
            } else if (r.policy === "caching") {
                const policy = cachingFromSettings(settings);
                if (target) target.policies.caching = policy;
            } else {
                const entries = updatePolicyFromJson(r.json?.value ?? "");
                if (target?.table) {
                    if (this.validateQueries) this.validateUpdatePolicy(target.table, entries, at);
                    target.table.updatePolicy = entries;
                }
            }
        } catch (error) {
            if (!(error instanceof PolicyError)) throw error;
            this.error(at, error.message.startsWith("invalid JSON") ? Codes.badJson : Codes.badPolicy, `${r.policy} policy: ${error.message}`);
        }
    }

    /** Like the other policies, a later file's declaration overrides an earlier one. */
    private applyPlainPolicy(r: PlainPolicyRecord): void {
        const target = this.policyTarget(r);
        try {
            const value = plainPolicyValue(r, target?.policies.plain?.[r.policy]);
            if (target) target.policies.plain = { ...target.policies.plain, [r.policy]: value };
        } catch (error) {
            if (!(error instanceof PolicyError)) throw error;
            this.error(r.value.at, error.message.startsWith("invalid JSON") ? Codes.badJson : Codes.badPolicy, `${r.policy} policy: ${error.message}`);
        }
    }

    private validateUpdatePolicy(target: TableModel, entries: ReturnType<typeof updatePolicyFromJson>, at: number): void {
        for (const e of entries) {
            if (!this.model.tables[e.source]) {
                this.error(at, Codes.unknownSourceTable, `update policy of ${target.name}: source table '${e.source}' is not declared in the scripts`);
                continue;
            }
            // The common `f()` needs no analysis: the body's result, analyzed when f was declared, is the answer.
            const call = /^([A-Za-z_][A-Za-z0-9_]*)\(\s*\)$/.exec(e.query);
            const known = call ? this.functionResults.get(call[1]) : undefined;
            const { errors, columns } = known ? { errors: [], columns: known } : this.analyze(e.query);
            if (errors.length) {
                for (const err of errors) {
                    this.error(at, Codes.updateQueryInvalid, `update policy of ${target.name}: query ${JSON.stringify(e.query)}: ${err.code} ${err.message}`);
                }
                continue;
            }
            const problem = schemaMismatch(columns ?? [], target.columns);
            if (problem) {
                this.error(at, Codes.updateQuerySchema, `update policy of ${target.name}: query ${JSON.stringify(e.query)} ${problem}`);
            }
        }
    }

    private applyView(r: Extract<CommandRecord, { kind: "materialized-view" }>): void {
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
        this.added("view", view.name, schemaOf(view.columns ?? []), view.query);
    }
}

function load(files: SourceFile[], validateQueries: boolean, options: LoadOptions): LoadResult {
    const builder = new SchemaBuilder(validateQueries, options);
    // Sorted here, so that the order a caller lists files in never matters.
    for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) builder.readFile(file);
    builder.build();
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
