/**
 * The reader and Kusto.Language's full command grammar agree on every command the reader accepts:
 * the grammar parses it without error, names the command kind the reader's record implies, and its
 * syntax tree holds the same names, types, values and query texts as the record.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { generateSchema } from "../../bench/generate";
import { KSyntaxElement, kustoLanguage, toArray } from "../../kusto/language";
import { splitBlocks, tokenize } from "../../kusto/lexer";
import { readCommandTokens } from "../../kusto/reader";
import { CommandRecord } from "../../kusto/records";
import type { PlainPolicy } from "../../kusto/kinds";
import { readMirroringCommand } from "../../kusto/mirroring";
import { ExportRecord, readExportCommand } from "../../kusto/export";
import { readManagedIdentityCommand } from "../../kusto/identity";
import { decodeStringLiteral, formatTimespan, parseTimespan } from "../../kusto/text";
import { medallionFiles, repoRoot } from "./helpers";

const pascal = (s: string): string => s.split("-").map((w) => w[0].toUpperCase() + w.slice(1)).join("");

function expectedKind(r: CommandRecord): string {
    switch (r.kind) {
        case "table":
            return pascal(r.verb) + "Table";
        case "table-property":
            return r.property === "folder" ? "AlterTableFolder" : "AlterTableDocString";
        case "column-docstrings":
            return `${pascal(r.verb)}TableColumnDocStrings`;
        case "function":
            return pascal(r.verb) + "Function";
        case "mapping":
            return pascal(r.verb) + "TableIngestionMapping";
        case "policy":
            return `${pascal(r.verb)}${pascal(r.entity.kind)}Policy${pascal(r.policy)}`;
        case "materialized-view":
            return pascal(r.verb) + "MaterializedView";
        case "plain-policy":
            return `${pascal(r.verb)}${pascal(r.entity.kind)}Policy${plainPolicyNames[r.policy]}`;
    }
}

/** Kusto.Language's spelling of each plain policy in its command kinds. */
const plainPolicyNames: Record<PlainPolicy, string> = {
    auto_delete: "AutoDelete",
    ingestionbatching: "IngestionBatching",
    ingestiontime: "IngestionTime",
    merge: "Merge",
    partitioning: "Partitioning",
    row_level_security: "RowLevelSecurity",
    restricted_view_access: "RestrictedViewAccess",
    sharding: "Sharding",
    streamingingestion: "StreamingIngestion",
};

const tabularAtoms = (type: string): string[] =>
    type === "(*)" ? [] : type.startsWith("(") ? type.slice(1, -1).split(", ").flatMap((c) => c.split(":")) : [type];

/** What the record says, as the ordered atoms the tree walk yields. */
function recordAtoms(r: CommandRecord): string[] {
    const props = (p: Record<string, { value: string }>): string[] => Object.entries(p).map(([k, v]) => `${k}=${v.value}`);
    switch (r.kind) {
        case "table":
            return [r.name.name, ...r.columns.flatMap((c) => [c.name.name, c.type]), ...props(r.properties)];
        case "table-property":
            return [r.table.name, r.property, r.value.value];
        case "column-docstrings":
            return [r.table.name, "column-docstrings", ...r.docstrings.flatMap((d) => [d.column.name, d.value.value])];
        case "function":
            return [...props(r.properties), r.name.name, ...r.parameters.flatMap((p) => [p.name, ...tabularAtoms(p.type), ...(p.defaultValue ? [decodeStringLiteral(p.defaultValue) ?? p.defaultValue] : [])]), r.body.value.trim()];
        case "mapping":
            return [r.table.name, r.mappingKind, r.name.value, r.json.value];
        case "policy":
            return [r.entity.name.name, ...(r.json ? [r.json.value] : props(r.settings ?? {}))];
        case "materialized-view":
            return [...props(r.properties), r.name.name, r.sourceTable.name, r.query.value.trim()];
        case "plain-policy":
            return [r.entity.name.name, r.policy, r.value.value, ...(r.query ? [r.query.value] : [])];
    }
}

const fixedWords = new Set(["create", "create-merge", "create-or-alter", "alter", "alter-merge", "table", "function", "materialized-view", "database", "ingestion", "mapping", "policy", "retention", "caching", "update", "on", "with"]);

/** Walks the grammar's tree of one command into atoms: names, types, literal values, bodies, settings. */
function treeAtoms(node: KSyntaxElement, text: string, kinds: Map<number, string>, out: string[] = []): string[] {
    const kind = kinds.get(node.Kind) ?? "";
    const child = (i: number): KSyntaxElement => node.GetChild(i) as KSyntaxElement;
    const literal = (n: KSyntaxElement): string => {
        const v = (n as unknown as { LiteralValue?: string | number | boolean | { toString(): string } | null }).LiteralValue;
        return v === undefined || v === null ? treeAtoms(n, text, kinds, []).join("") : v.toString();
    };
    if (kind === "FunctionBody") {
        const open = child(0);
        const close = child(node.ChildCount - 1);
        out.push(text.slice(open.TextStart + 1, close.TextStart).trim());
        return out;
    }
    if (kind === "TokenName") {
        out.push(child(0).Text);
        return out;
    }
    if (kind === "BracketedName") {
        out.push(literal(child(1)));
        return out;
    }
    if (kind === "CustomNode") {
        // `key = value` pairs (with-properties, policy settings) become one `key=value` atom.
        const raw = (n: KSyntaxElement): string => (n.IsToken ? n.Text : Array.from({ length: n.ChildCount }, (_, i) => raw(n.GetChild(i) as KSyntaxElement)).join(""));
        for (let i = 0; i < node.ChildCount; i++) {
            const c = node.GetChild(i);
            const eq = i + 2 < node.ChildCount ? node.GetChild(i + 1) : null;
            const v = i + 2 < node.ChildCount ? node.GetChild(i + 2) : null;
            if (c && eq && v && kinds.get(eq.Kind) === "EqualToken") {
                out.push(`${raw(c).toLowerCase()}=${kinds.get(v.Kind) === "StringLiteralExpression" ? literal(v) : raw(v)}`);
                i += 2;
            } else if (c) {
                treeAtoms(c, text, kinds, out);
            }
        }
        return out;
    }
    if (kind.endsWith("LiteralExpression")) {
        out.push(literal(node));
        return out;
    }
    if (node.IsToken) {
        if ((kind === "IdentifierToken" || kind.endsWith("Keyword") || kind === "BooleanLiteralToken") && !fixedWords.has(node.Text)) out.push(node.Text);
        return out;
    }
    for (let i = 0; i < node.ChildCount; i++) {
        const c = node.GetChild(i);
        if (c) treeAtoms(c, text, kinds, out);
    }
    return out;
}

const exportKind = (r: ExportRecord): string => (r.kind === "continuous-export" ? "CreateOrAlterContinuousExport" : `${pascal(r.verb)}StorageExternalTable`);

/** The atoms treeAtoms yields for a clause the record keeps as text (`partition by (...)`, `pathformat = (...)`). */
function textAtoms(text: string): string[] {
    return tokenize(text)
        .filter((t) => t.type !== "end" && t.type !== "punct")
        .map((t) => (t.type === "string" ? (decodeStringLiteral(t.text) ?? t.text) : t.type === "timespan" ? formatTimespan(parseTimespan(t.text) ?? 0) : t.text));
}

function exportAtoms(r: ExportRecord): string[] {
    const props = (p: Record<string, { value: string }>): string[] => Object.entries(p).map(([k, v]) => `${k}=${v.value}`);
    if (r.kind === "continuous-export") {
        return [r.name.name, ...r.over.map((o) => o.name), r.externalTable.name, ...props(r.properties), r.query.value];
    }
    return [
        r.name.name,
        ...r.columns.flatMap((c) => [c.name.name, c.type]),
        ...textAtoms(r.partitions?.value ?? ""),
        ...textAtoms(r.pathFormat?.value ?? ""),
        `dataformat=${r.dataFormat.value}`,
        ...r.connections.map((c) => c.value),
        ...props(r.properties),
    ];
}

/** Where the grammar's query starts: the element after the `<|` token, searched depth-first. */
function queryStart(node: KSyntaxElement): number | undefined {
    for (let i = 0; i < node.ChildCount; i++) {
        const c = node.GetChild(i);
        if (!c) continue;
        if (c.IsToken && c.Text === "<|") return node.GetChild(i + 1)?.TextStart;
        const found = c.IsToken ? undefined : queryStart(c);
        if (found !== undefined) return found;
    }
    return undefined;
}

/** The grammar's atoms of an export command: the query whole (from where the grammar starts it), fixed words and clause keywords left out. */
function grammarExportAtoms(node: KSyntaxElement, command: string, kinds: Map<number, string>, expected: number): string[] {
    const atoms = treeAtoms(node, command, kinds)
        .filter((a) => !["kind=storage", "partition", "external", "continuous-export", "over", "to", "by"].includes(a) && !a.startsWith("pathformat="))
        .map((a) => (a.startsWith("dataformat=") ? a.toLowerCase() : a));
    const start = queryStart(node);
    return start === undefined ? atoms : [...atoms.slice(0, expected - 1), command.slice(start).trim()];
}

function checkExport(r: ExportRecord, command: string, kinds: Map<number, string>): void {
    const code = kustoLanguage().KustoCode.Parse(command);
    assert.deepEqual(toArray(code.GetDiagnostics()).map((d) => d.Message), [], command);
    const cmd = code.Syntax.GetChild(1)?.GetChild(0)?.GetChild(0)?.GetChild(0) as unknown as { CommandKind: string; Custom: KSyntaxElement };
    assert.equal(cmd.CommandKind, exportKind(r), command);
    const expected = exportAtoms(r);
    assert.deepEqual(grammarExportAtoms(cmd.Custom, command, kinds, expected.length), expected, command);
}

function commandsOf(text: string): string[] {
    return splitBlocks(tokenize(text)).map((b) => text.slice(b.start, b.end));
}

const forms = [
    ".create table T (a:string, ['b c']:long, d:boolean, e:double, f:int64, g:date, h:time, i:uniqueid, j:decimal, k:guid)",
    '.create-merge table T (a:string) with (folder = "F", docstring = @"D\\x")',
    '.create-merge table ["Odd name"] (["x"]:dynamic) with (docstring = "it\'s \\"quoted\\"")',
    '.alter table T folder "A/B"',
    ".alter table T docstring 'doc'",
    '.alter-merge table T column-docstrings (a:"first", [\'b c\']:"second")',
    '.alter table T column-docstrings (a:"only")',
    '.create function with (skipvalidation = "true") f(x:long, y:string = "d", T:(a:string, b:long)) { T | where b > x | extend y }',
    ".create-or-alter function g() {\n    let n = 5;\n    T | take n\n}",
    ".alter function h(t:(*)) { t | count }",
    ".create table T ingestion csv mapping \"csv1\" '[{\"Name\":\"a\",\"Ordinal\":\"0\"}]'",
    ".create-or-alter table T ingestion json mapping \"j\" ```[{\"column\":\"a\",\"Properties\":{\"Path\":\"$.a\"}}]```",
    ".alter-merge table T policy retention softdelete = 30d",
    ".alter-merge table T policy retention recoverability = disabled",
    '.alter table T policy retention @\'{"SoftDeletePeriod":"30.00:00:00","Recoverability":"Disabled"}\'',
    ".alter table T policy caching hotdata = 1d hotindex = 2d",
    ".alter materialized-view V policy caching hot = 12h",
    '.alter materialized-view V policy retention "{\\"SoftDeletePeriod\\": \\"1.00:00:00\\"}"',
    ".alter-merge materialized-view V policy retention softdelete = 10d recoverability = enabled",
    ".alter-merge database D policy retention softdelete = 100d",
    ".alter database D policy caching hot = 7d",
    '.alter table T policy update @\'[{"IsEnabled": true, "Source": "S", "Query": "S | project a"}]\'',
    ".create materialized-view with (lookback = 6h, backfill = true) V on table T { T | summarize arg_max(a, *) by b }",
    ".alter materialized-view V on table T {\n    T | summarize count() by b\n}",
    ".create external table X (a:string, ['b c']:datetime) kind=storage partition by (D:datetime = bin(['b c'], 1d), A:string = a) dataformat=parquet (h@'https://a.blob.core.windows.net/c;impersonate', h'https://b.blob.core.windows.net/c;managed_identity=system')",
    ".alter external table X (a:string) kind = storage dataformat = csv (\"https://a.blob.core.windows.net/c;impersonate\") with (folder = \"F\", docstring = 'D')",
    ".create-or-alter continuous-export E to table X with (intervalBetweenRuns = 5m, forcedLatency = time(00:10:00), distributed = false, sizeLimit = 1073741824, managedIdentity = 'system') <| T | where a != '' | project a",
    '.alter-merge database D policy managed_identity ```[{"ObjectId":"system","AllowedUsages":"AutomatedFlows, ExternalTable"}]```',
    ".alter database ['D-1'] policy managed_identity @'[{\"ObjectId\":\"system\",\"AllowedUsages\":\"All\"}]'",
    '.alter table T policy auto_delete @\'{"ExpiryDate":"2040-01-01","DeleteIfNotEmpty":true}\'',
    '.alter table T policy ingestionbatching ```{"MaximumBatchingTimeSpan":"00:05:00"}```',
    '.alter database D policy ingestionbatching @\'{"MaximumNumberOfItems":500}\'',
    ".alter table T policy ingestiontime true",
    '.alter-merge table T policy merge @\'{"MaxExtentsToMerge":100}\'',
    '.alter database D policy merge @\'{"LoopPeriod":"01:00:00"}\'',
    '.alter table T policy partitioning @\'{"PartitionKeys":[]}\'',
    '.alter materialized-view V policy partitioning @\'{"PartitionKeys":[]}\'',
    '.alter table T policy row_level_security enable "T | where a != \'\'"',
    '.alter materialized-view V policy row_level_security disable "V"',
    ".alter table T policy restricted_view_access false",
    '.alter database D policy sharding @\'{"MaxRowCount":750000}\'',
    '.alter-merge database D policy streamingingestion @\'{"IsEnabled":true}\'',
    '.alter table T policy streamingingestion \'{"IsEnabled": true, "HintAllocatedRate": 2.1}\'',
];

test("reader and full grammar agree on every accepted form (forms table, shipped scripts, server csl, generated schema)", () => {
    const k = kustoLanguage();
    const kinds = new Map<number, string>(Object.entries(k.Syntax.SyntaxKind).map(([n, v]) => [v, n]));
    const sources = [
        forms.join("\n\n"),
        ...medallionFiles().map((f) => f.text),
        readFileSync(join(repoRoot, "tests/fixtures/csl/medallion-server.csl"), "utf8"),
        ...generateSchema(3).map((f) => f.text),
    ];
    let checked = 0;
    for (const source of sources) {
        for (const command of commandsOf(source)) {
            const tokens = tokenize(command).filter((t) => t.type !== "end");
            // Mirroring policies have their own reader (kusto/mirroring.ts): Kusto.Language 12.4.1 does not know their documented form.
            if (readMirroringCommand(tokens, command)) continue;
            const identity = readManagedIdentityCommand(tokens);
            if (identity) {
                const code = k.KustoCode.Parse(command);
                assert.deepEqual(toArray(code.GetDiagnostics()).map((d) => d.Message), [], command);
                const cmd = code.Syntax.GetChild(1)?.GetChild(0)?.GetChild(0)?.GetChild(0) as unknown as { CommandKind: string; Custom: KSyntaxElement };
                assert.equal(cmd.CommandKind, `${pascal(identity.verb)}DatabasePolicyManagedIdentity`, command);
                assert.deepEqual(treeAtoms(cmd.Custom, command, kinds).filter((a) => a !== "managed_identity"), [identity.database.name, identity.json.value], command);
                checked++;
                continue;
            }
            const exported = readExportCommand(tokens, command);
            if (exported) {
                checkExport(exported, command, kinds);
                checked++;
                continue;
            }
            const record = readCommandTokens(tokens, command);
            assert.ok(record, `the reader should accept: ${command}`);
            const code = k.KustoCode.Parse(command);
            assert.deepEqual(toArray(code.GetDiagnostics()).map((d) => d.Message), [], command);
            const cmd = code.Syntax.GetChild(1)?.GetChild(0)?.GetChild(0)?.GetChild(0) as unknown as { CommandKind: string; Custom: KSyntaxElement };
            assert.equal(cmd.CommandKind, expectedKind(record), command);
            assert.deepEqual(treeAtoms(cmd.Custom, command, kinds), recordAtoms(record), command);
            checked++;
        }
    }
    assert.ok(checked >= forms.length + 30, `checked ${checked}`);
});

test("the reader declines what it does not model, leaving it to the full grammar", () => {
    for (const command of [
        ".creat table T (a:string)",
        ".create-merge tables A (a:string), B (b:long)",
        ".create-merge table T (a:strng)",
        ".create-merge table T (a:string",
        ".alter table T policy retention softdelete = 7d",
        ".alter table T policy extent_tags_retention @'[]'",
        '.create-merge table T (a:string) with (docstring = "a" "b")',
        ".create-merge table T (a:string) extra",
        '.alter table T policy update "unterminated',
        // Kusto.Language: KS005, the identity must be a string literal ("system").
        ".create-or-alter continuous-export E to table X with (managedIdentity=system) <| T",
        ".create-or-alter continuous-export E to table X with (intervalBetweenRuns=1h)",
        ".create continuous-export E to table X <| T",
        ".create external table X (a:string) kind=sql table=T (h@'Server=tcp:s')",
        ".create external table X (a:string) kind=storage dataformat=parquet",
        // The policy's argument must be one string literal.
        '.alter-merge database D policy managed_identity [{"ObjectId":"system"}]',
        ".alter-merge cluster policy managed_identity @'[]'",
    ]) {
        const tokens = tokenize(command).filter((t) => t.type !== "end");
        assert.equal(readManagedIdentityCommand(tokens), undefined, command);
        assert.equal(readCommandTokens(tokens, command), undefined, command);
        assert.equal(readExportCommand(tokens, command), undefined, command);
    }
});
