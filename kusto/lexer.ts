/**
 * Tokens and command blocks of a script. `tokenize` is Kusto.Language's own lexer
 * (`TokenParser.Parse`, Kusto.Language 12.4.1) written over in TypeScript, rule for rule, so a token
 * here is exactly a token to Kusto: the translated library needs ≈ 0.3 s to load and ≈ 0.25 s to
 * warm up on an 800-command script, which a `kql diff` would pay for reading the current schema alone.
 * `tests/kusto/lexer.test.ts` holds the two to the same tokens on every script the tests know, on
 * generated ones and on random text, and the vocabulary (`./lexicon`) to the package's own tables.
 * Blocks are separated by blank lines, as `CodeScript` separates them.
 */
import { KEYWORDS, LITERAL_KEYWORDS, SYMBOLS, TIMESPAN_SUFFIXES } from "./lexicon";

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

/** A node of a prefix tree of texts (Kusto.Language's `SubstringMap`, case-sensitive). */
interface Trie<T> {
    next: Map<number, Trie<T>>;
    match?: { length: number; value: T };
}

function trie<T>(entries: Iterable<[string, T]>): Trie<T> {
    const root: Trie<T> = { next: new Map() };
    for (const [text, value] of entries) {
        let node = root;
        for (let i = 0; i < text.length; i++) {
            const ch = text.charCodeAt(i);
            let child = node.next.get(ch);
            if (!child) node.next.set(ch, (child = { next: new Map() }));
            node = child;
        }
        node.match = { length: text.length, value };
    }
    return root;
}

/** The longest text of the tree at `start`: its length and value, or undefined. */
function longest<T>(root: Trie<T>, text: string, start: number): { length: number; value: T } | undefined {
    let best: { length: number; value: T } | undefined;
    let node: Trie<T> | undefined = root;
    for (let pos = start; pos < text.length && node; pos++) {
        node = node.next.get(text.charCodeAt(pos));
        if (node?.match) best = node.match;
    }
    return best;
}

type Fixed = { type: "word" | "punct" | "other"; literal?: TokenType };
const FIXED = trie<Fixed>([
    ...KEYWORDS.map((k): [string, Fixed] => [k, { type: "word", literal: LITERAL_KEYWORDS[k] }]),
    ...Object.entries(SYMBOLS).map(([s, type]): [string, Fixed] => [s, { type }]),
]);
const BOOLEANS = trie(["true", "True", "TRUE", "false", "False", "FALSE"].map((b): [string, true] => [b, true]));
const TIMESPAN_SUFFIX = trie(TIMESPAN_SUFFIXES.map((s): [string, true] => [s, true]));

const peek = (text: string, pos: number): number => (pos >= 0 && pos < text.length ? text.charCodeAt(pos) : 0);
// TextFacts: ASCII letters and digits only.
const isLetter = (ch: number): boolean => (ch >= 97 && ch <= 122) || (ch >= 65 && ch <= 90);
const isAsciiDigit = (ch: number): boolean => ch >= 48 && ch <= 57;
const isLetterOrDigit = (ch: number): boolean => isLetter(ch) || isAsciiDigit(ch);
const isHexDigit = (ch: number): boolean => isAsciiDigit(ch) || (ch >= 97 && ch <= 102) || (ch >= 65 && ch <= 70);
const isIdentifierStart = (ch: number): boolean => isLetter(ch) || ch === 95 || ch === 36;
const isIdentifierChar = (ch: number): boolean => isLetterOrDigit(ch) || ch === 95;
const isLineBreakStart = (ch: number): boolean => ch === 13 || ch === 10 || ch === 0x2028 || ch === 0x2029;
const WHITESPACE = new Set([9, 32, 13, 10, 12, 0xa0, 0x1680, 0x180e, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x200b, 0x202f, 0x205f, 0x3000, 0xfeff]);
/**
 * Bridge.NET's `System.Char.isDigit`, which some scans use: Unicode decimal digits as of the Unicode
 * version Bridge.NET shipped, which lacks the Sinhala Lith and Myanmar Tai Laing digits.
 */
const isNetDigit = (ch: number): boolean =>
    ch < 256 ? isAsciiDigit(ch) : /\p{Nd}/u.test(String.fromCharCode(ch)) && !(ch >= 0x0de6 && ch <= 0x0def) && !(ch >= 0xa9f0 && ch <= 0xa9f9);
const isQuote = (ch: number): boolean => ch === 39 || ch === 34 || ch === 96 || ch === 126;

function scanWhile(text: string, start: number, test: (ch: number) => boolean): number {
    let pos = start;
    while (pos < text.length && test(text.charCodeAt(pos))) pos++;
    return pos - start;
}

/** Whitespace and `//` comments (each to the start of the next line) before a token. */
function triviaLength(text: string, start: number): number {
    let pos = start;
    while (pos < text.length) {
        const ch = text.charCodeAt(pos);
        if (WHITESPACE.has(ch)) {
            pos++;
        } else if (ch === 47 && peek(text, pos + 1) === 47) {
            while (pos < text.length && !isLineBreakStart(text.charCodeAt(pos))) pos++;
            pos += text.charCodeAt(pos) === 13 && peek(text, pos + 1) === 10 ? 2 : pos < text.length ? 1 : 0;
        } else {
            break;
        }
    }
    return pos - start;
}

const hexRun = (text: string, start: number, n: number): boolean => {
    if (start + n - 1 >= text.length) return false;
    for (let i = 0; i < n; i++) if (!isHexDigit(text.charCodeAt(start + i))) return false;
    return true;
};

/** Digits by `System.Char.isDigit`; -1 when none. */
function digits(text: string, start: number): number {
    const n = scanWhile(text, start, isNetDigit);
    return n > 0 ? n : -1;
}

function rawGuidLength(text: string, start: number): number {
    const dash = (i: number): boolean => text.charCodeAt(start + i) === 45;
    return start + 35 < text.length && hexRun(text, start, 8) && dash(8) && hexRun(text, start + 9, 4) && dash(13) && hexRun(text, start + 14, 4) && dash(18) &&
        hexRun(text, start + 19, 4) && dash(23) && hexRun(text, start + 24, 12)
        ? 36
        : -1;
}

function identifierLength(text: string, start: number): number {
    let pos = start;
    const ch = peek(text, pos);
    if (isIdentifierStart(ch)) {
        pos += 1 + scanWhile(text, pos + 1, isIdentifierChar);
    } else if (isNetDigit(ch)) {
        const len = digits(text, pos);
        const after = peek(text, pos + len);
        if (len > 0 && (isLetter(after) || after === 95)) pos += len + scanWhile(text, pos + len, isIdentifierChar);
    }
    return pos > start ? pos - start : -1;
}

function longLength(text: string, start: number): number {
    if (peek(text, start) === 48 && (peek(text, start + 1) === 120 || peek(text, start + 1) === 88)) {
        // A hex literal; when it is not one, the decimal scan below stops at the `x` and fails as well.
        if (!isHexDigit(peek(text, start + 2))) return -1;
        const end = start + 3 + scanWhile(text, start + 3, isHexDigit);
        return isIdentifierChar(peek(text, end)) ? -1 : end - start;
    }
    const len = digits(text, start);
    return len > 0 && !isIdentifierChar(peek(text, start + len)) ? len : -1;
}

function exponentLength(text: string, start: number): number {
    let pos = start;
    const e = peek(text, pos);
    if (e === 101 || e === 69) {
        pos++;
        const sign = peek(text, pos);
        if (sign === 43 || sign === 45) pos++;
        const len = digits(text, pos);
        if (len <= 0) return -1;
        pos += len;
    }
    return pos > start ? pos - start : -1;
}

function realLength(text: string, start: number): number {
    const len = digits(text, start);
    if (len <= 0) return -1;
    let pos = start + len;
    if (peek(text, pos) === 46 && (peek(text, pos + 1) !== 46 || peek(text, pos + 2) === 46)) {
        pos++;
        const fraction = digits(text, pos);
        if (fraction > 0) pos += fraction;
        const exponent = exponentLength(text, pos);
        if (exponent > 0) pos += exponent;
    } else {
        const exponent = exponentLength(text, pos);
        if (exponent <= 0) return -1;
        pos += exponent;
    }
    return isIdentifierChar(peek(text, pos)) ? -1 : pos - start;
}

function timespanLength(text: string, start: number): number {
    let len = digits(text, start);
    if (len <= 0) return -1;
    if (peek(text, start + len) === 46) {
        const fraction = digits(text, start + len + 1);
        if (fraction >= 0) len += fraction + 1;
    }
    const suffix = longest(TIMESPAN_SUFFIX, text, start + len);
    if (!suffix) return -1;
    len += suffix.length;
    return isIdentifierChar(peek(text, start + len)) ? -1 : len;
}

/** The length of the escape at `start` (a backslash), or -1 when it is not one. */
function escapeLength(text: string, start: number): number {
    const ch = peek(text, start + 1);
    if ("\\'\"abfnrtv".includes(String.fromCharCode(ch))) return 2;
    if (ch === 117) return hexRun(text, start + 2, 4) ? 6 : -1;
    if (ch === 85) return hexRun(text, start + 2, 8) ? 10 : -1;
    if (ch === 120) return hexRun(text, start + 2, 2) ? 4 : -1;
    const octal = (c: number): boolean => c >= 48 && c <= 55;
    if (!octal(ch)) return -1;
    if (!octal(peek(text, start + 2))) return 2;
    return octal(peek(text, start + 3)) && ch <= 51 ? 4 : 3;
}

/** A string literal at `start` (`h`/`H`, `@`, then a quote or a multi-line fence), or -1. */
function stringLength(text: string, start: number): number {
    let pos = start;
    let ch = peek(text, pos);
    if (ch === 104 || ch === 72) ch = peek(text, ++pos);
    const verbatim = ch === 64;
    if (verbatim) ch = peek(text, ++pos);
    if (ch === 39 || ch === 34) {
        pos++;
        while (pos < text.length) {
            const c = text.charCodeAt(pos);
            if (c === ch && verbatim && peek(text, pos + 1) === ch) {
                pos += 2;
            } else if (c === 92 && !verbatim) {
                const len = escapeLength(text, pos);
                if (len <= 0) break;
                pos += len;
            } else if (c === ch || c === 13 || c === 10) {
                break;
            } else {
                pos++;
            }
        }
        if (peek(text, pos) === ch) pos++;
        return pos - start;
    }
    for (const fence of ["```", "~~~"]) {
        if (text.startsWith(fence, pos)) {
            const close = text.indexOf(fence, pos + 3);
            return (close < 0 ? text.length : close + 3) - start;
        }
    }
    return -1;
}

/** `(` up to and including `)`, stopping at a line break: the body of a `keyword(...)` literal. */
function literalBodyLength(text: string, start: number): number {
    let pos = start + 1;
    while (pos < text.length && text.charCodeAt(pos) !== 41 && !isLineBreakStart(text.charCodeAt(pos))) pos++;
    if (peek(text, pos) === 41) pos++;
    return pos - start;
}

/** Punctuation decided by its first characters (`TokenParser.GetPunctuationTokenInfo`), or undefined. */
function punctuation(text: string, pos: number): string | undefined {
    const ch = text[pos];
    const ch2 = text[pos + 1];
    switch (ch) {
        case "(": case ")": case "[": case "]": case "{": case "}": case "|": case "+": case "-": case "*": case "/": case "%":
        case ":": case ";": case ",": case "?":
            return ch;
        case ".":
            return ch2 === "." ? ".." : ".";
        case "<":
            return ch2 === "=" || ch2 === "|" || ch2 === ">" ? ch + ch2 : ch;
        case ">":
            return ch2 === "=" ? ">=" : ">";
        case "=":
            return ch2 === "=" || ch2 === ">" || ch2 === "~" ? ch + ch2 : ch;
        case "!":
            return ch2 === "=" || ch2 === "~" ? ch + ch2 : undefined;
        case "@":
            return isQuote(peek(text, pos + 1)) ? undefined : ch;
        default:
            return undefined;
    }
}

/** One token at `pos` (after its trivia): its type, length and whether it is an identifier. */
function scan(text: string, pos: number): { type: TokenType; length: number; identifier?: boolean } {
    const ch = peek(text, pos);
    if (pos >= text.length) return { type: "end", length: 0 };
    if (!isLetterOrDigit(ch)) {
        const p = punctuation(text, pos);
        if (p !== undefined) return { type: SYMBOLS[p], length: p.length };
        if (isQuote(ch) || (ch === 64 && isQuote(peek(text, pos + 1)))) {
            const len = stringLength(text, pos);
            if (len > 0) return { type: "string", length: len };
        } else if (ch === 35) {
            // A `#` directive runs to the end of its line.
            return { type: "other", length: scanWhile(text, pos, (c) => !isLineBreakStart(c)) };
        }
    }
    const fixed = longest(FIXED, text, pos);
    if (fixed) {
        const next = peek(text, pos + fixed.length);
        if (next === 40 && fixed.value.literal) return { type: fixed.value.literal, length: fixed.length + literalBodyLength(text, pos + fixed.length) };
        if (!isIdentifierChar(next)) return { type: fixed.value.type, length: fixed.length };
    }
    if (isIdentifierStart(ch)) {
        const bool = longest(BOOLEANS, text, pos);
        if (bool && !isIdentifierChar(peek(text, pos + bool.length))) return { type: "bool", length: bool.length };
        const guid = rawGuidLength(text, pos);
        if (guid > 0) return { type: "other", length: guid };
        const len = identifierLength(text, pos);
        const ch2 = peek(text, pos + 1);
        if (len === 1 && (ch === 104 || ch === 72) && (isQuote(ch2) || ch2 === 64)) {
            const str = stringLength(text, pos);
            if (str > 0) return { type: "string", length: str };
        }
        return { type: "word", length: len, identifier: true };
    }
    if (isNetDigit(ch)) {
        const guid = rawGuidLength(text, pos);
        if (guid > 0) return { type: "other", length: guid };
        const real = realLength(text, pos);
        if (real >= 0) return { type: "real", length: real };
        const timespan = timespanLength(text, pos);
        if (timespan >= 0) return { type: "timespan", length: timespan };
        const long = longLength(text, pos);
        if (long > 0) return { type: "long", length: long };
        const id = identifierLength(text, pos);
        if (id >= 0) return { type: "word", length: id, identifier: true };
    }
    // A character that is not part of the language: a token of its own.
    return { type: "other", length: 1 };
}

const blank = /\n[ \t\r\f\v]*\n/;

/** Tokenizes a whole file; words joined by `-` without spaces become one word (`create-merge`). */
export function tokenize(text: string): Token[] {
    const out: Token[] = [];
    let offset = 0;
    for (;;) {
        const triviaEnd = offset + triviaLength(text, offset);
        const t = scan(text, triviaEnd);
        const end = triviaEnd + t.length;
        const trivia = text.slice(offset, triviaEnd);
        offset = end;
        const prev = out[out.length - 1];
        const prev2 = out[out.length - 2];
        if (t.type === "word" && trivia === "" && prev?.text === "-" && prev.start === prev2?.end && prev2?.type === "word") {
            out.pop();
            prev2.text += `-${text.slice(triviaEnd, end)}`;
            prev2.end = end;
            prev2.identifier = false;
            continue;
        }
        out.push({
            type: t.type,
            text: text.slice(triviaEnd, end),
            start: triviaEnd,
            end,
            identifier: t.identifier === true,
            newline: trivia.includes("\n"),
            blankLine: blank.test(trivia),
        });
        if (t.type === "end") return out;
    }
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
