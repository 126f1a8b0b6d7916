/**
 * The fallback: Kusto.Language's full command grammar, for the commands the reader does not accept.
 * It costs ≈ 75–120 ms a command, so its verdict (command kind and syntax errors, which depend on
 * the text alone) is cached by content hash: the grammar runs at most once per distinct text.
 */
import { CacheStore, cached, countGrammarRun, is } from "./cache";
import { kustoLanguage, toArray } from "./language";

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

const isDiagnostic = (d: unknown): d is GrammarDiagnostic =>
    is.object(d) && typeof d.start === "number" && typeof d.length === "number" && typeof d.code === "string" && typeof d.message === "string";

const isVerdict = (v: unknown): v is GrammarVerdict => is.object(v) && typeof v.commandKind === "string" && is.arrayOf(isDiagnostic)(v.diagnostics);

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

/** The grammar's verdict on one command text. */
export function grammarVerdict(text: string, store?: CacheStore): GrammarVerdict {
    return cached(store, ["grammar", text], isVerdict, () => {
        countGrammarRun();
        const code = kustoLanguage().KustoCode.Parse(text);
        const diagnostics = toArray(code.GetDiagnostics())
            .filter((d) => d.Severity === "Error")
            .map((d) => ({ start: d.Start, length: d.Length, code: d.Code, message: d.Message }));
        return { commandKind: commandKindOf(code.Syntax), diagnostics };
    });
}
