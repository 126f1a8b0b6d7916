/**
 * The command reader: a small recursive-descent reader over Kusto.Language's tokens for the fixed
 * command forms a schema is made of. It is strict: anything it does not fully understand returns
 * undefined and the caller hands the text to Kusto.Language's full command grammar (≈ 100 ms a
 * command), so the reader never has to be a second KQL grammar. Query parts (function bodies, view
 * queries) are returned as text with their offsets, for the fast query parser.
 * tests/kusto/reader-agreement.test.ts proves the reader and the full grammar read every accepted
 * form into the same record.
 */
import { EntityKindName, PlainPolicy, isPlainPolicy } from "./kinds";
import { Token } from "./lexer";
import { decodeStringLiteral } from "./text";

export interface Named {
    name: string;
    at: number;
}

export interface Literal {
    value: string;
    at: number;
}

export interface TableColumn {
    name: Named;
    type: string;
}

export type EntityKind = EntityKindName;

/** A plain policy command (policies.ts). */
export interface PlainPolicyRecord {
    kind: "plain-policy";
    verb: "alter" | "alter-merge";
    entity: { kind: EntityKind; name: Named };
    policy: PlainPolicy;
    /** The JSON literal, the flag (`true`), or row-level security's `enable`/`disable`. */
    value: Literal;
    /** Row-level security's query literal. */
    query?: Literal;
}

export type CommandRecord =
    | PlainPolicyRecord
    | { kind: "table"; verb: "create" | "create-merge"; name: Named; columns: TableColumn[]; properties: Record<string, Literal> }
    | { kind: "table-property"; table: Named; property: "folder" | "docstring"; value: Literal }
    | { kind: "column-docstrings"; verb: "alter" | "alter-merge"; table: Named; docstrings: { column: Named; value: Literal }[] }
    | {
          kind: "function";
          verb: "create" | "create-or-alter" | "alter";
          name: Named;
          properties: Record<string, Literal>;
          parameters: { name: string; type: string; defaultValue?: string }[];
          body: Literal;
      }
    | { kind: "mapping"; verb: "create" | "create-or-alter"; table: Named; mappingKind: string; name: Literal; json: Literal }
    | {
          kind: "policy";
          verb: "alter" | "alter-merge";
          entity: { kind: EntityKind; name: Named };
          policy: "retention" | "caching" | "update";
          /** Keyword form (`softdelete = 7d recoverability = enabled`, `hot = 1d`): lower-cased keys. */
          settings?: Record<string, Literal>;
          /** JSON form. */
          json?: Literal;
      }
    | {
          kind: "materialized-view";
          verb: "create" | "create-or-alter" | "alter";
          name: Named;
          properties: Record<string, Literal>;
          sourceTable: Named;
          query: Literal;
      };

/** Canonical names of the column types a table may have, by every spelling Kusto accepts. */
export const columnTypes: Record<string, string> = {
    bool: "bool", boolean: "bool",
    datetime: "datetime", date: "datetime",
    decimal: "decimal",
    dynamic: "dynamic",
    guid: "guid", uniqueid: "guid",
    int: "int", int32: "int",
    long: "long", int64: "long",
    real: "real", double: "real",
    string: "string",
    timespan: "timespan", time: "timespan",
};

const mappingKinds = new Set(["json", "csv", "avro", "apacheavro", "parquet", "orc", "w3clogfile", "sstream"]);

export class Rejected extends Error {}

export class Cursor {
    i = 0;
    constructor(
        readonly tokens: Token[],
        readonly text: string,
    ) {}

    peek(offset = 0): Token | undefined {
        return this.tokens[this.i + offset];
    }
    get done(): boolean {
        return this.i >= this.tokens.length;
    }
    next(): Token {
        const t = this.tokens[this.i++];
        if (!t) throw new Rejected();
        return t;
    }
    isWord(text: string, offset = 0): boolean {
        const t = this.peek(offset);
        return t?.type === "word" && t.text === text;
    }
    isPunct(text: string, offset = 0): boolean {
        const t = this.peek(offset);
        return t?.type === "punct" && t.text === text;
    }
    word(...allowed: string[]): string {
        const t = this.next();
        if (t.type !== "word" || (allowed.length && !allowed.includes(t.text))) throw new Rejected();
        return t.text;
    }
    punct(text: string): Token {
        const t = this.next();
        if (t.type !== "punct" || t.text !== text) throw new Rejected();
        return t;
    }
    optionalWord(text: string): boolean {
        if (this.isWord(text)) {
            this.i++;
            return true;
        }
        return false;
    }
    /** A name: a plain identifier, or `['...']` / `["..."]`. */
    name(): Named {
        const t = this.next();
        if (t.type === "word" && t.identifier && /^[A-Za-z_][A-Za-z0-9_]*$/.test(t.text)) {
            return { name: t.text, at: t.start };
        }
        if (t.type === "punct" && t.text === "[") {
            const s = this.next();
            const value = s.type === "string" ? decodeStringLiteral(s.text) : undefined;
            this.punct("]");
            if (value === undefined || value === "") throw new Rejected();
            return { name: value, at: t.start };
        }
        throw new Rejected();
    }
    /** One string literal; `thenString` when the form has another literal right after it. */
    string(thenString = false): Literal {
        const t = this.next();
        const value = t.type === "string" ? decodeStringLiteral(t.text) : undefined;
        // Adjacent literals may concatenate; leave that to the full grammar.
        if (value === undefined || (!thenString && this.peek()?.type === "string")) throw new Rejected();
        return { value, at: t.start };
    }
    /** A property value: string, bool, number or timespan literal, or a bare word (`true`). */
    value(): Literal {
        const t = this.peek();
        if (t?.type === "string") return this.string();
        if (t && (t.type === "bool" || t.type === "long" || t.type === "real" || t.type === "timespan")) {
            this.i++;
            return { value: t.text, at: t.start };
        }
        throw new Rejected();
    }
    /** Raw text between a `{` and its matching `}` (which must end the command). */
    braced(): Literal {
        const open = this.punct("{");
        let depth = 1;
        while (depth > 0) {
            const t = this.next();
            if (t.type === "punct" && t.text === "{") depth++;
            if (t.type === "punct" && t.text === "}") depth--;
            if (depth === 0) {
                return { value: this.text.slice(open.end, t.start), at: open.end };
            }
        }
        throw new Rejected();
    }
}

/** `with (k = v, ...)`, if present; keys lower-cased. */
export function withProperties(c: Cursor): Record<string, Literal> {
    const props: Record<string, Literal> = {};
    if (!c.isWord("with")) return props;
    c.next();
    c.punct("(");
    for (;;) {
        const key = c.word().toLowerCase();
        if (!/^[a-z_][a-z0-9_]*$/.test(key) || key in props) throw new Rejected();
        c.punct("=");
        props[key] = c.value();
        if (c.isPunct(",")) {
            c.next();
            continue;
        }
        c.punct(")");
        return props;
    }
}

function columnType(c: Cursor): string {
    const t = c.word();
    const type = columnTypes[t];
    if (!type) throw new Rejected();
    return t;
}

export function tableColumns(c: Cursor): TableColumn[] {
    c.punct("(");
    const columns: TableColumn[] = [];
    for (;;) {
        const name = c.name();
        c.punct(":");
        columns.push({ name, type: columnType(c) });
        if (c.isPunct(",")) {
            c.next();
            continue;
        }
        c.punct(")");
        return columns;
    }
}

/** `(a:string, b:long)` or `(*)`, canonical spacing. */
function tabularType(c: Cursor): string {
    c.punct("(");
    if (c.isPunct("*")) {
        c.next();
        c.punct(")");
        return "(*)";
    }
    const cols: string[] = [];
    for (;;) {
        const name = c.name();
        c.punct(":");
        cols.push(`${name.name}:${columnType(c)}`);
        if (c.isPunct(",")) {
            c.next();
            continue;
        }
        c.punct(")");
        return `(${cols.join(", ")})`;
    }
}

function functionParameters(c: Cursor): { name: string; type: string; defaultValue?: string }[] {
    c.punct("(");
    const params: { name: string; type: string; defaultValue?: string }[] = [];
    if (c.isPunct(")")) {
        c.next();
        return params;
    }
    for (;;) {
        const name = c.name().name;
        c.punct(":");
        const type = c.isPunct("(") ? tabularType(c) : columnType(c);
        const param: { name: string; type: string; defaultValue?: string } = { name, type };
        if (c.isPunct("=")) {
            c.next();
            if (type.startsWith("(")) throw new Rejected();
            const first = c.peek();
            c.value();
            param.defaultValue = c.text.slice(first?.start ?? 0, c.tokens[c.i - 1].end);
        }
        params.push(param);
        if (c.isPunct(",")) {
            c.next();
            continue;
        }
        c.punct(")");
        return params;
    }
}

function policyEntity(c: Cursor): { kind: EntityKind; name: Named } {
    const kind = c.word("table", "materialized-view", "database") as EntityKind;
    return { kind, name: c.name() };
}

function policyBody(c: Cursor, verb: "alter" | "alter-merge", policy: "retention" | "caching" | "update"): { settings?: Record<string, Literal>; json?: Literal } {
    if (c.peek()?.type === "string") {
        if (policy === "caching" || verb !== "alter") throw new Rejected();
        return { json: c.string() };
    }
    const allowed =
        policy === "retention" && verb === "alter-merge" ? ["softdelete", "recoverability"] : policy === "caching" && verb === "alter" ? ["hot", "hotdata", "hotindex"] : [];
    const settings: Record<string, Literal> = {};
    if (!allowed.length) throw new Rejected();
    while (!c.done) {
        const key = c.word(...allowed);
        if (key in settings) throw new Rejected();
        c.punct("=");
        const t = c.next();
        if (key === "recoverability") {
            if (t.type !== "word" || !["enabled", "disabled"].includes(t.text)) throw new Rejected();
        } else if (t.type !== "timespan") {
            throw new Rejected();
        }
        settings[key] = { value: t.text, at: t.start };
    }
    const keys = Object.keys(settings);
    const valid =
        policy === "retention"
            ? keys.includes("softdelete") || keys.includes("recoverability")
            : (keys.length === 1 && keys[0] === "hot") || (keys.length === 2 && keys.includes("hotdata") && keys.includes("hotindex"));
    if (!valid) throw new Rejected();
    return { settings };
}

function readCommand(c: Cursor): CommandRecord {
    c.punct(".");
    const verb = c.word();
    if (verb === "create" || verb === "create-merge" || verb === "create-or-alter" || verb === "alter" || verb === "alter-merge") {
        const whatIndex = c.i;
        const what = c.word();
        if ((verb === "alter" || verb === "alter-merge") && (what === "table" || what === "materialized-view" || what === "database")) {
            const afterWhat = c.i;
            c.name();
            const isPolicy = c.isWord("policy");
            c.i = isPolicy ? whatIndex : afterWhat;
            if (isPolicy) {
                return policyCommand(c, verb);
            }
        }
        if (what === "table") {
            const name = c.name();
            if ((verb === "create" || verb === "create-merge") && c.isPunct("(")) {
                const columns = tableColumns(c);
                return { kind: "table", verb, name, columns, properties: withProperties(c) };
            }
            if ((verb === "create" || verb === "create-or-alter") && c.isWord("ingestion")) {
                c.next();
                const mappingKind = c.word();
                if (!mappingKinds.has(mappingKind)) throw new Rejected();
                c.word("mapping");
                const mappingName = c.string(true);
                const json = c.string();
                return { kind: "mapping", verb, table: name, mappingKind, name: mappingName, json };
            }
            if ((verb === "alter" || verb === "alter-merge") && c.isWord("column-docstrings")) {
                c.next();
                c.punct("(");
                const docstrings: { column: Named; value: Literal }[] = [];
                while (!c.isPunct(")")) {
                    const column = c.name();
                    c.punct(":");
                    docstrings.push({ column, value: c.string() });
                    if (!c.isPunct(")")) c.punct(",");
                }
                c.punct(")");
                return { kind: "column-docstrings", verb, table: name, docstrings };
            }
            if (verb === "alter" && (c.isWord("folder") || c.isWord("docstring"))) {
                const property = c.word() as "folder" | "docstring";
                return { kind: "table-property", table: name, property, value: c.string() };
            }
            throw new Rejected();
        }
        if (what === "function" && (verb === "create" || verb === "create-or-alter" || verb === "alter")) {
            const properties = withProperties(c);
            const name = c.name();
            const parameters = functionParameters(c);
            return { kind: "function", verb, name, properties, parameters, body: c.braced() };
        }
        if (what === "materialized-view" && (verb === "create" || verb === "create-or-alter" || verb === "alter")) {
            const properties = withProperties(c);
            const name = c.name();
            c.word("on");
            c.word("table");
            const sourceTable = c.name();
            return { kind: "materialized-view", verb, name, properties, sourceTable, query: c.braced() };
        }
    }
    throw new Rejected();
}

/** `policy NAME <json>`, `policy NAME true|false`, `policy row_level_security enable|disable "Query"`. */
function plainPolicyCommand(c: Cursor, verb: "alter" | "alter-merge", entity: { kind: EntityKind; name: Named }, policy: PlainPolicyRecord["policy"]): PlainPolicyRecord {
    const t = c.next();
    if (policy === "row_level_security") {
        if (t.type !== "word" || (t.text !== "enable" && t.text !== "disable")) throw new Rejected();
        return { kind: "plain-policy", verb, entity, policy, value: { value: t.text, at: t.start }, query: c.string() };
    }
    if (t.type === "bool") return { kind: "plain-policy", verb, entity, policy, value: { value: t.text, at: t.start } };
    c.i--;
    return { kind: "plain-policy", verb, entity, policy, value: c.string() };
}

function policyCommand(c: Cursor, verb: "alter" | "alter-merge"): CommandRecord {
    const entity = policyEntity(c);
    c.word("policy");
    const name = c.word();
    if (isPlainPolicy(name)) return plainPolicyCommand(c, verb, entity, name);
    if (name !== "retention" && name !== "caching" && name !== "update") throw new Rejected();
    const policy = name;
    if (policy === "update" && verb !== "alter") throw new Rejected();
    if (policy === "update" && entity.kind !== "table") throw new Rejected();
    if (policy === "caching" && verb !== "alter") throw new Rejected();
    return { kind: "policy", verb, entity, policy, ...policyBody(c, verb, policy) };
}

/**
 * Reads one command from its tokens (which must all belong to it), or returns undefined when the
 * text is not one of the forms the reader knows, is malformed, or has anything left over.
 */
export function readCommandTokens(tokens: Token[], text: string): CommandRecord | undefined {
    const c = new Cursor(tokens, text);
    try {
        const record = readCommand(c);
        return c.done ? record : undefined;
    } catch (error) {
        if (error instanceof Rejected) {
            return undefined;
        }
        throw error;
    }
}
