/**
 * A cursor over one command's Kusto.Language tokens, and the grammar pieces several readers share
 * (property lists, column lists). Strict: anything unexpected throws {@link Rejected}, and the
 * caller hands the text to Kusto.Language's full command grammar instead.
 */
import { Token } from "./lexer";
import { Literal, Named, TableColumn, columnTypes } from "./records";
import { decodeStringLiteral } from "./text";

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

export function columnType(c: Cursor): string {
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
