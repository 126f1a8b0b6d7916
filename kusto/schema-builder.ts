/**
 * The schema builder: commands read from every file wait for their phase, then are applied kind by
 * kind (declarations first, then what refers to them: mappings, policies, external tables and
 * continuous exports), so file order never matters.
 */
import { schemaMismatch } from "./analysis";
import { DefinitionBuilder } from "./builder-definitions";
import { cached } from "./cache";
import { Codes, DiagnosticSink, SourceFile } from "./diagnostics";
import { ExportContext, applyContinuousExport, applyExternalTable } from "./export";
import { grammarVerdict } from "./grammar";
import { applyManagedIdentity } from "./identity";
import { applyMirroring } from "./mirroring";
import { EntityPolicies, MappingModel, TableModel, mappingKey } from "./model";
import { PolicyError, cachingFromSettings, mappingColumnsFromJson, retentionFromJson, retentionFromSettings, updatePolicyFromJson } from "./normalize";
import { plainPolicyValue } from "./policies";
import { CommandRecord, PlainPolicyRecord } from "./records";
import { AnyRecord, isScan, scanFile } from "./scan";

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
export class SchemaBuilder extends DefinitionBuilder {
    private readonly pending: Pending[] = [];

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
        // The service accepts such a mapping: queued ingestion adds the column on its first ingestion, when the
        // mapping gives its DataType (https://learn.microsoft.com/kusto/management/create-or-alter-ingestion-mapping-command).
        for (const c of this.adopting ? [] : columns) {
            if (!table.columns.some((tc) => tc.name === c.column)) {
                this.warning(
                    r.json.at,
                    Codes.unknownMappingColumn,
                    `mapping "${r.name.value}" maps column '${c.column}', which table ${table.name} does not have: queued ingestion adds it on the first ingestion only when the mapping gives its DataType; declare it in the table to be sure`,
                );
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
        if (r.entity.kind === "database" && r.policy !== "update" && this.options.databasePoliciesOwnedElsewhere?.includes(r.policy)) {
            this.error(
                at,
                Codes.policyOwnedElsewhere,
                `the database's ${r.policy} policy is owned by the database resource (databasePoliciesOwnedElsewhere): set it there (AdxDatabase softDeletePeriodDays/hotCachePeriodDays, Eventhouse standardStoragePeriodDays/cachingPeriodDays), or drop "${r.policy}" from databasePoliciesOwnedElsewhere so the scripts own it`,
            );
            return;
        }
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

    /**
     * The service validates an entry only when it is enabled: "If IsEnabled is set to true, then the following
     * validations are performed ... Source - Checks that the table exists in the target database. Query - Checks
     * that the schema ... matches the one of the target table"
     * (https://learn.microsoft.com/azure/data-explorer/kusto/management/update-policy, "Alter update policy").
     * So an enabled entry that would fail is an error, and a disabled one (`IsEnabled` defaults to false) a warning:
     * the server keeps it as written, and enabling it later fails there.
     */
    private validateUpdatePolicy(target: TableModel, entries: ReturnType<typeof updatePolicyFromJson>, at: number): void {
        for (const e of entries) {
            const report = (code: string, message: string): void =>
                e.isEnabled ? this.error(at, code, message) : this.warning(at, code, `${message} (a disabled entry: the service accepts it, and refuses it once enabled)`);
            if (!this.model.tables[e.source]) {
                report(Codes.unknownSourceTable, `update policy of ${target.name}: source table '${e.source}' is not declared in the scripts`);
                continue;
            }
            // The common `f()` needs no analysis: the body's result, analyzed when f was declared, is the answer.
            const call = /^([A-Za-z_][A-Za-z0-9_]*)\(\s*\)$/.exec(e.query);
            const known = call ? this.functionResults.get(call[1]) : undefined;
            const { errors, columns } = known ? { errors: [], columns: known } : this.analyze(e.query);
            if (errors.length) {
                for (const err of errors) {
                    report(Codes.updateQueryInvalid, `update policy of ${target.name}: query ${JSON.stringify(e.query)}: ${err.code} ${err.message}`);
                }
                continue;
            }
            const problem = schemaMismatch(columns ?? [], target.columns);
            if (problem) {
                report(Codes.updateQuerySchema, `update policy of ${target.name}: query ${JSON.stringify(e.query)} ${problem}`);
            }
        }
    }
}
