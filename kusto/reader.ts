/**
 * The command reader: a small recursive-descent reader over Kusto.Language's tokens for the fixed
 * command forms a schema is made of. It is strict: anything it does not fully understand returns
 * undefined and the caller hands the text to Kusto.Language's full command grammar (≈ 100 ms a
 * command), so the reader never has to be a second KQL grammar. Query parts (function bodies, view
 * queries) are returned as text with their offsets, for the fast query parser.
 * tests/kusto/reader-agreement.test.ts proves the reader and the full grammar read every accepted
 * form into the same record.
 */
import { isPlainPolicy } from "./kinds";
import { Token } from "./lexer";
import { Cursor, Rejected, columnType, tableColumns, withProperties } from "./cursor";
import { CommandRecord, EntityKind, Literal, Named, PlainPolicyRecord } from "./records";

const mappingKinds = new Set(["json", "csv", "avro", "apacheavro", "parquet", "orc", "w3clogfile", "sstream"]);

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
