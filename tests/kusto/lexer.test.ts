/**
 * The engine's lexer (`kusto/lexer.ts`, Kusto.Language's `TokenParser` written over) gives exactly the
 * tokens Kusto.Language's own `TokenParser.ParseTokens` gives: on every script and schema the tests
 * hold, on generated schemas, on every UTF-16 code unit in the contexts the scanner distinguishes, and
 * on random text built from the language's pieces. Its vocabulary (`kusto/lexicon.ts`) is rebuilt here
 * from the package's own tables.
 */
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { generateSchema } from "../../bench/generate";
import { kustoLanguage } from "../../kusto/language";
import { type Token, type TokenType, tokenize } from "../../kusto/lexer";
import { KEYWORDS, LITERAL_KEYWORDS, SYMBOLS, TIMESPAN_SUFFIXES } from "../../kusto/lexicon";
import { repoRoot } from "./helpers";

/** Bridge.NET's runtime, global once Kusto.Language is loaded. */
interface Bridge {
    getEnumerator(items: unknown): { moveNext(): boolean; Current: number };
}
interface KustoInternals {
    Syntax: { SyntaxKind: Record<string, number>; SyntaxFacts: { GetKindsWithFixedText(): unknown; GetText(kind: number): string } };
    Parsing: { TokenParser: { TimespanSuffixes: string[]; GetGooLiteralTokenKind(kind: number): number } };
}

const k = kustoLanguage() as unknown as KustoInternals & ReturnType<typeof kustoLanguage>;
const kindNames = new Map(Object.entries(k.Syntax.SyntaxKind).map(([name, value]) => [value, name]));

const PUNCT_KINDS = new Set([
    "OpenParenToken", "CloseParenToken", "OpenBracketToken", "CloseBracketToken", "OpenBraceToken", "CloseBraceToken",
    "CommaToken", "EqualToken", "ColonToken", "DotToken", "MinusToken", "BarToken", "SemicolonToken", "AsteriskToken",
]);
const LITERAL_KINDS: Record<string, TokenType> = {
    StringLiteralToken: "string",
    LongLiteralToken: "long",
    IntLiteralToken: "long",
    RealLiteralToken: "real",
    TimespanLiteralToken: "timespan",
    BooleanLiteralToken: "bool",
    EndOfTextToken: "end",
};

/** The engine's token type of a Kusto.Language token kind. */
function typeOf(kind: string): TokenType {
    if (kind === "IdentifierToken" || kind.endsWith("Keyword")) return "word";
    return LITERAL_KINDS[kind] ?? (PUNCT_KINDS.has(kind) ? "punct" : "other");
}

/** What the engine's `tokenize` must return, computed from Kusto.Language's own lexer. */
function kustoTokens(text: string): Token[] {
    const raw = k.Parsing.TokenParser.ParseTokens(text);
    const out: Token[] = [];
    let offset = 0;
    for (const t of raw) {
        const trivia = t.Trivia ?? "";
        const start = offset + trivia.length;
        const end = start + (t.Text ?? "").length;
        offset = end;
        const kind = kindNames.get(t.Kind) ?? "Unknown";
        const type = typeOf(kind);
        const prev = out[out.length - 1];
        const prev2 = out[out.length - 2];
        if (type === "word" && trivia === "" && prev?.text === "-" && prev.start === prev2?.end && prev2?.type === "word") {
            out.pop();
            prev2.text += `-${t.Text}`;
            prev2.end = end;
            prev2.identifier = false;
            continue;
        }
        out.push({ type, text: t.Text ?? "", start, end, identifier: kind === "IdentifierToken", newline: trivia.includes("\n"), blankLine: /\n[ \t\r\f\v]*\n/.test(trivia) });
    }
    return out;
}

function agree(text: string, where: string): void {
    const ours = tokenize(text);
    const theirs = kustoTokens(text);
    const at = ours.findIndex((t, i) => JSON.stringify(t) !== JSON.stringify(theirs[i]));
    if (at >= 0 || ours.length !== theirs.length) {
        const i = at >= 0 ? at : Math.min(ours.length, theirs.length);
        assert.fail(`${where}: token ${i} differs near ${JSON.stringify(text.slice(Math.max(0, (theirs[i] ?? ours[i])?.start - 20), (theirs[i] ?? ours[i])?.end + 20))}\n  ours:  ${JSON.stringify(ours[i])}\n  Kusto: ${JSON.stringify(theirs[i])}`);
    }
}

function scripts(dir: string): string[] {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile() && /\.(kql|csl)$/.test(e.name))
        .map((e) => join(e.parentPath, e.name))
        .sort();
}

test("the vocabulary is Kusto.Language's own: keywords, symbols, keyword(...) literals and timespan suffixes", () => {
    const sf = k.Syntax.SyntaxFacts;
    const keywords: string[] = [];
    const symbols: Record<string, string> = {};
    const literals: Record<string, string> = {};
    const kinds = (globalThis as unknown as { Bridge: Bridge }).Bridge.getEnumerator(sf.GetKindsWithFixedText());
    while (kinds.moveNext()) {
        const kind = kinds.Current;
        const name = kindNames.get(kind) ?? "";
        const text = sf.GetText(kind);
        if (name.endsWith("Keyword")) keywords.push(text);
        else symbols[text] = typeOf(name);
        const literal = k.Parsing.TokenParser.GetGooLiteralTokenKind(kind);
        if (literal) literals[text] = typeOf(kindNames.get(literal) ?? "");
    }
    const hint = "regenerate kusto/lexicon.ts from the installed package";
    assert.deepEqual([...KEYWORDS].sort(), keywords.sort(), hint);
    assert.deepEqual({ ...SYMBOLS }, symbols, hint);
    assert.deepEqual({ ...LITERAL_KEYWORDS }, literals, hint);
    assert.deepEqual([...TIMESPAN_SUFFIXES], [...k.Parsing.TokenParser.TimespanSuffixes], hint);
});

test("every .kql and .csl file in the repository lexes as Kusto.Language lexes it", () => {
    const files = [...scripts(join(repoRoot, "kql")), ...scripts(join(repoRoot, "examples")), ...scripts(join(repoRoot, "tests/fixtures"))];
    assert.ok(files.length > 250, `expected the fixtures' scripts, found ${files.length}`);
    for (const file of files) agree(readFileSync(file, "utf8"), file);
});

test("generated schemas lex as Kusto.Language lexes them", () => {
    for (const f of generateSchema(40)) agree(f.text, f.path);
});

test("every UTF-16 code unit lexes as in Kusto.Language after a digit", () => {
    // Letters, digits and whitespace are decided per code unit (ASCII for identifiers, Unicode digits
    // for numbers, a fixed whitespace list), and after a digit each of them takes another route.
    for (let base = 0; base < 0x10000; base += 1024) {
        const parts: string[] = [];
        for (let c = base; c < base + 1024; c++) {
            const ch = String.fromCharCode(c);
            parts.push(`1${ch}`);
        }
        agree(parts.join(" "), `code units ${base.toString(16)}..${(base + 1023).toString(16)}`);
    }
});

test("code units the scanner treats specially lex as in Kusto.Language in every context", () => {
    // ASCII, whitespace and line breaks beyond it, and decimal digits Bridge.NET does and does not know,
    // in numbers, strings, comments and after the `h` and `@` string prefixes.
    const units = [...Array(0x180).keys(), 0x1680, 0x180e, 0x2000, 0x200a, 0x200b, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff, 0x0663, 0x06f5, 0x0de6, 0x0de9, 0xa9f0, 0xff10, 0x4e00];
    const parts = units.map((c) => {
        const ch = String.fromCharCode(c);
        return `${ch} 1${ch} 0x${ch} 1.${ch} 1e${ch} 1${ch}d a${ch}b '${ch}' "${ch}\\${ch}" @'${ch}' h${ch}'x' //${ch}\n`;
    });
    agree(parts.join(" "), "special code units");
});

test("random text built from the language's pieces lexes as in Kusto.Language", () => {
    const pieces = [
        ...KEYWORDS.filter((_, i) => i % 7 === 0), ...Object.keys(SYMBOLS), ...Object.keys(LITERAL_KEYWORDS).map((w) => `${w}(`), "datetime(2024-01-01)",
        "true", "False", "TRUE1", "x", "_a", "$left", "h", "H", "@", "'", '"', "`", "~", "```", "~~~", "\\", "\\u00e9", "\\x4", "\\0", "\\377", "\\8", "''",
        "1", "0x1F", "0X", "12.5", "1.", "1..2", "1e5", "2E-3", "1.5e", "3d", "1.5h", "10ms", "7days", "1tick", "2microseconds", "5m", "1min1",
        "3a", "4_", "01234567-89ab-cdef-0123-456789abcdef", "0123", " ", "  ", "\t", "\n", "\r\n", "\r", "\n\n", "\u2028", "\u00a0", "\ufeff", "//c\n",
        "#d", "é", "\u0663", "\u0de7", "\u0000", "project-away", "create-or-alter", "-", "a-b", "matches regex", "!contains", "!", "<-[", "]->", "{", "}",
    ];
    let seed = 12345;
    const next = (n: number): number => {
        seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
        return (seed >>> 8) % n;
    };
    for (let i = 0; i < 3000; i++) {
        const length = 1 + next(30);
        let text = "";
        for (let j = 0; j < length; j++) text += pieces[next(pieces.length)];
        agree(text, `random text ${i}`);
    }
});
