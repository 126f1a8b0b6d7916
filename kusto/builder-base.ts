/**
 * The state a schema builder keeps while it reads a folder (the model, diagnostics, notes, first
 * declarations, Kusto.Language symbols) and the checks every kind of command shares: conflicting
 * declarations, unmodelled properties and commands, names taken by another kind, query analysis.
 */
import { Analysis, analyzeQuery, databaseGlobals, isAnalysis } from "./analysis";
import { Codes, Diagnostic, DiagnosticSink } from "./diagnostics";
import { CacheStore, cached, contentHash } from "./cache";
import { GrammarVerdict } from "./grammar";
import type { KGlobalState, KSymbol } from "./language";
import { ColumnModel, OwnedDatabasePolicy, SchemaModel, TableModel, emptyModel } from "./model";
import { Literal, Named } from "./records";

export interface LoadOptions {
    /** Where scans, grammar verdicts and query analyses persist between runs (the CLI passes a disk store). */
    cache?: CacheStore;
    /**
     * Database policies another resource owns (desired side): the scripts may not declare them
     * (`EF304`) and the diff leaves them as the database holds them. Defaults to none.
     */
    databasePoliciesOwnedElsewhere?: readonly OwnedDatabasePolicy[];
}

const place = (loc: { path: string; line: number; column: number }): string => `${loc.path}:${loc.line}:${loc.column}`;

/** Where a definition was first declared: the file's sink and the offset in it. */
interface Origin {
    sink: DiagnosticSink;
    at: number;
}

export abstract class BuilderBase {
    readonly model: SchemaModel = emptyModel();
    private globals: KGlobalState | undefined;
    private readonly symbols = new Map<string, KSymbol>();
    /** Result columns of parameterless functions, from analyzing their bodies. */
    protected readonly functionResults = new Map<string, ColumnModel[]>();
    /** Hash of every symbol added so far, in order: what a query's analysis depends on besides its text. */
    private fingerprint = "";
    protected sink!: DiagnosticSink;
    protected readonly sinks: DiagnosticSink[] = [];
    /** First declaration of each definition (`table:X`, `function:f`, `retention:table:X`, ...), for conflicts. */
    private readonly origins = new Map<string, Origin>();
    readonly notes: Diagnostic[] = [];

    /**
     * `adopting`: reading what a server printed (the current side). It already accepted every
     * command, so what the engine does not model is kept as it is and noted, never an error.
     */
    constructor(
        protected readonly validateQueries: boolean,
        protected readonly options: LoadOptions,
        protected readonly adopting = !validateQueries,
    ) {}

    /** File by file (in the order read), each file's by position. */
    get diagnostics(): Diagnostic[] {
        return this.sinks.flatMap((s) => [...s.items].sort((a, b) => a.line - b.line || a.column - b.column));
    }

    /**
     * Records the first declaration of `key`; for a later one whose definition differs (`problem`
     * non-empty), reports the conflict at both places. Returns whether this was the first.
     */
    protected declare(key: string, at: number, what: string, problem?: string): boolean {
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
    protected reportGrammar(verdict: GrammarVerdict, start: number, text: string): void {
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

    protected error(at: number, code: string, message: string): void {
        this.sink.error(at, code, message);
    }

    protected warning(at: number, code: string, message: string): void {
        this.sink.warning(at, code, message);
    }

    protected unmanaged(at: number, text: string, reason: string): void {
        const source = this.sink.at(at);
        this.model.unmanaged.push({ text, reason, source });
        this.notes.push(this.sink.note(at, Codes.unmanaged, `unmanaged: ${text.split("\n")[0]}: ${reason}`));
    }

    /** Properties outside `allowed` are errors in scripts; in an adopted schema they are kept by the server and noted. */
    protected properties(props: Record<string, Literal>, allowed: string[], what: string): void {
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
    protected nameTaken(name: Named, kind: string): boolean {
        const m = this.model;
        const other = kind !== "table" && m.tables[name.name] ? "a table" : kind !== "function" && m.functions[name.name] ? "a function" : kind !== "view" && m.materializedViews[name.name] ? "a materialized view" : undefined;
        if (other) {
            this.error(name.at, Codes.conflictingDefinition, `'${name.name}' is already ${other}`);
        }
        return other !== undefined;
    }
    protected requireTable(name: Named): TableModel | undefined {
        const table = this.model.tables[name.name];
        if (!table) {
            const hint = this.model.materializedViews[name.name] ? " (it is a materialized view)" : "";
            this.error(name.at, Codes.unknownTable, `table '${name.name}' is not declared in the scripts${hint}`);
        }
        return table;
    }

    protected globalState(): KGlobalState {
        this.globals ??= databaseGlobals(this.model, this.symbols);
        return this.globals;
    }

    protected added(...definition: string[]): void {
        this.globals = undefined;
        this.fingerprint = contentHash(this.fingerprint, ...definition);
    }

    /** Analyzes a query; returns its errors (offsets in `query`) and result columns. */
    protected analyze(query: string): Analysis {
        return cached(this.options.cache, ["analyze", this.fingerprint, query], isAnalysis, () => this.analyzeNow(query));
    }

    private analyzeNow(query: string): Analysis {
        return analyzeQuery(query, this.globalState());
    }
}
