/**
 * Tokens and command blocks of a script, from Kusto.Language's own lexer (`TokenParser.ParseTokens`,
 * ≈ 0.1–0.25 s for an 800-command script) rather than a hand-written one, so a token here is
 * exactly a token to Kusto. Blocks are separated by blank lines, as `CodeScript` separates them.
 */
import { kustoLanguage } from "./language";

export type TokenType = "word" | "string" | "long" | "real" | "timespan" | "bool" | "punct" | "other" | "end";

export interface Token {
    type: TokenType;
    /** For words: the merged text (`create-or-alter`); otherwise the token text. */
    text: string;
    /** Absolute offsets in the file. */
    start: number;
    end: number;
    /** True for an identifier (not a keyword) made of a single lexer token. */
    identifier: boolean;
    /** The trivia before the token contains a line break / a blank line. */
    newline: boolean;
    blankLine: boolean;
}

export interface Block {
    tokens: Token[];
    /** Offsets of the block's text (from its first token, comments before it excluded). */
    start: number;
    end: number;
}

let kindNames: Map<number, string> | undefined;

function kindName(kind: number): string {
    if (!kindNames) {
        kindNames = new Map();
        for (const [name, value] of Object.entries(kustoLanguage().Syntax.SyntaxKind)) {
            if (typeof value === "number") {
                kindNames.set(value, name);
            }
        }
    }
    return kindNames.get(kind) ?? "Unknown";
}

const punctKinds = new Set([
    "OpenParenToken", "CloseParenToken", "OpenBracketToken", "CloseBracketToken", "OpenBraceToken", "CloseBraceToken",
    "CommaToken", "EqualToken", "ColonToken", "DotToken", "MinusToken", "BarToken", "SemicolonToken", "AsteriskToken",
]);

const literalKinds: Record<string, TokenType> = {
    StringLiteralToken: "string",
    LongLiteralToken: "long",
    IntLiteralToken: "long",
    RealLiteralToken: "real",
    TimespanLiteralToken: "timespan",
    BooleanLiteralToken: "bool",
    EndOfTextToken: "end",
};

function classify(kind: string): TokenType {
    if (kind === "IdentifierToken" || kind.endsWith("Keyword")) {
        return "word";
    }
    return literalKinds[kind] ?? (punctKinds.has(kind) ? "punct" : "other");
}

const blank = /\n[ \t\r\f\v]*\n/;

/** Tokenizes a whole file; words joined by `-` without spaces become one word (`create-merge`). */
export function tokenize(text: string): Token[] {
    const raw = kustoLanguage().Parsing.TokenParser.ParseTokens(text);
    const out: Token[] = [];
    let offset = 0;
    for (let i = 0; i < raw.length; i++) {
        const t = raw[i];
        const trivia = t.Trivia ?? "";
        const start = offset + trivia.length;
        const end = start + (t.Text ?? "").length;
        offset = end;
        const kind = kindName(t.Kind);
        const type = classify(kind);
        const prev = out[out.length - 1];
        const prev2 = out[out.length - 2];
        if (type === "word" && trivia === "" && prev?.text === "-" && prev.start === prev2?.end && prev2?.type === "word") {
            out.pop();
            prev2.text += `-${t.Text}`;
            prev2.end = end;
            prev2.identifier = false;
            continue;
        }
        out.push({
            type,
            text: t.Text ?? "",
            start,
            end,
            identifier: kind === "IdentifierToken",
            newline: trivia.includes("\n"),
            blankLine: blank.test(trivia),
        });
    }
    return out;
}

/**
 * Splits a file's tokens into blocks at blank lines; comment-only blocks are dropped. A blank line inside
 * an open `{` (a function body or view query) does not end the command: the server keeps such a body as
 * sent and prints it back with its blank lines in `.show database schema as csl script`, one row per
 * command. A line that starts a new command (`.word` at the start of a line) always ends the block, so an
 * unclosed brace costs its own command only.
 */
export function splitBlocks(tokens: Token[]): Block[] {
    const blocks: Block[] = [];
    let current: Token[] = [];
    let depth = 0;
    const flush = (): void => {
        if (current.length) {
            blocks.push({ tokens: current, start: current[0].start, end: current[current.length - 1].end });
        }
        current = [];
        depth = 0;
    };
    for (const [i, t] of tokens.entries()) {
        if (t.type === "end") {
            break;
        }
        if (t.blankLine && (depth === 0 || startsCommand(tokens, i))) {
            flush();
        }
        if (t.type === "punct" && t.text === "{") depth++;
        else if (t.type === "punct" && t.text === "}") depth = Math.max(0, depth - 1);
        current.push(t);
    }
    flush();
    return blocks;
}

/** A `.` opening a line, directly followed by a word: the start of a control command. */
function startsCommand(tokens: Token[], i: number): boolean {
    const t = tokens[i];
    const next = tokens[i + 1];
    return t.type === "punct" && t.text === "." && t.newline && next?.type === "word" && next.start === t.end;
}

/**
 * Where a second command starts inside a block: a `.` opening a line, outside any bracket, followed
 * by a word. Kusto analyzes only the first command of such a block and says nothing.
 */
export function commandStarts(block: Block): number[] {
    const starts = [0];
    let depth = 0;
    const tokens = block.tokens;
    for (let i = 1; i < tokens.length; i++) {
        const t = tokens[i];
        if (t.type === "punct") {
            if (t.text === "(" || t.text === "[" || t.text === "{") depth++;
            else if (t.text === ")" || t.text === "]" || t.text === "}") depth = Math.max(0, depth - 1);
            else if (depth === 0 && startsCommand(tokens, i)) {
                starts.push(i);
            }
        }
    }
    return starts;
}
