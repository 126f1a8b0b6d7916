/**
 * The fallback: Kusto.Language's full command grammar, for the commands the reader does not accept.
 * It costs ≈ 75–120 ms a command, so its verdict (command kind and syntax diagnostics, which depend
 * on the text alone) is cached by content hash: in memory for the process, and in a store the caller
 * may give (the CLI's is on disk). A stored verdict is used only if it parses, has the expected shape
 * and names the same text hash and parser version; anything else is recomputed, so a stale or
 * corrupt cache can cost time but never change a result.
 */
import { createHash } from "node:crypto";
import { kustoLanguage, kustoLanguageVersion, toArray } from "./language";

export interface GrammarDiagnostic {
    /** Offset in the command text. */
    start: number;
    length: number;
    code: string;
    message: string;
}

export interface GrammarVerdict {
    /** Kusto.Language's command kind, e.g. `CreateMergeTable`, `UnknownCommand`. */
    commandKind: string;
    /** Syntax errors only. */
    diagnostics: GrammarDiagnostic[];
}

/** Somewhere to keep verdicts between runs; values are opaque strings. */
export interface VerdictStore {
    get(key: string): string | undefined;
    set(key: string, value: string): void;
}

/** Bump when the stored shape or the way a verdict is computed changes. */
const formatVersion = 1;

interface StoredVerdict extends GrammarVerdict {
    v: number;
    hash: string;
}

const memory = new Map<string, GrammarVerdict>();
let stats = { grammarRuns: 0, memoryHits: 0, storeHits: 0 };

/** Counters for the bench and for tests proving the grammar runs at most once per text. */
export function grammarStats(): { grammarRuns: number; memoryHits: number; storeHits: number } {
    return { ...stats };
}

/** Forgets the in-memory verdicts (the bench's cold runs; tests). */
export function resetGrammarMemory(): void {
    memory.clear();
    stats = { grammarRuns: 0, memoryHits: 0, storeHits: 0 };
}

function isVerdict(value: unknown, hash: string): value is StoredVerdict {
    if (typeof value !== "object" || value === null) return false;
    const v = value as Partial<StoredVerdict>;
    return (
        v.v === formatVersion &&
        v.hash === hash &&
        typeof v.commandKind === "string" &&
        Array.isArray(v.diagnostics) &&
        v.diagnostics.every(
            (d: Partial<GrammarDiagnostic>) =>
                typeof d.start === "number" && typeof d.length === "number" && typeof d.code === "string" && typeof d.message === "string",
        )
    );
}

let version: string | undefined;

/** The cache key of a command text: parser version, format and text, hashed. */
export function verdictKey(text: string): string {
    version ??= kustoLanguageVersion();
    return createHash("sha256").update(`kusto-language ${version}\0format ${formatVersion}\0${text}`).digest("hex");
}

function runGrammar(text: string): GrammarVerdict {
    stats.grammarRuns++;
    const code = kustoLanguage().KustoCode.Parse(text);
    const diagnostics = toArray(code.GetDiagnostics())
        .filter((d) => d.Severity === "Error")
        .map((d) => ({ start: d.Start, length: d.Length, code: d.Code, message: d.Message }));
    return { commandKind: commandKindOf(code.Syntax), diagnostics };
}

/** The `CommandKind` of the first command in a parsed block, or `UnknownCommand`. */
function commandKindOf(node: { ChildCount: number; GetChild(i: number): unknown } | null, depth = 0): string {
    if (!node || depth > 6) return "UnknownCommand";
    const kind = (node as { CommandKind?: string }).CommandKind;
    if (typeof kind === "string" && kind) return kind;
    for (let i = 0; i < node.ChildCount; i++) {
        const found = commandKindOf(node.GetChild(i) as typeof node, depth + 1);
        if (found !== "UnknownCommand") return found;
    }
    return "UnknownCommand";
}

/** The grammar's verdict on one command text, at most one grammar run per distinct text. */
export function grammarVerdict(text: string, store?: VerdictStore): GrammarVerdict {
    const cached = memory.get(text);
    if (cached) {
        stats.memoryHits++;
        return cached;
    }
    const key = verdictKey(text);
    const stored = store?.get(key);
    if (stored !== undefined) {
        try {
            const parsed: unknown = JSON.parse(stored);
            if (isVerdict(parsed, key)) {
                stats.storeHits++;
                const verdict = { commandKind: parsed.commandKind, diagnostics: parsed.diagnostics };
                memory.set(text, verdict);
                return verdict;
            }
        } catch {
            // A corrupt entry is recomputed and overwritten below.
        }
    }
    const verdict = runGrammar(text);
    memory.set(text, verdict);
    store?.set(key, JSON.stringify({ v: formatVersion, hash: key, ...verdict } satisfies StoredVerdict));
    return verdict;
}
