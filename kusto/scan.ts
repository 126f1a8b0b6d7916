/**
 * Reading a file into command records: blocks split at blank lines, each command read by the fast
 * reader (or handed to the full grammar when the reader does not know its form). A pure function
 * of the text, so its result is cached by content.
 */
import { is } from "./cache";
import { ExportRecord, readExportCommand } from "./export";
import { ManagedIdentityRecord, readManagedIdentityCommand } from "./identity";
import { Block, Token, commandStarts, splitBlocks, tokenize } from "./lexer";
import { MirroringRecord, readMirroringCommand } from "./mirroring";
import { readCommandTokens } from "./reader";
import { CommandRecord } from "./records";

/** Any record a schema command reads into. */
export type AnyRecord = CommandRecord | MirroringRecord | ExportRecord | ManagedIdentityRecord;

/** The parts of a command the engine reads, and where the command is. */
interface Segment {
    tokens: Token[];
    start: number;
    end: number;
}

function segments(block: Block): Segment[] {
    const starts = commandStarts(block);
    return starts.map((s, i) => {
        const tokens = block.tokens.slice(s, starts[i + 1] ?? block.tokens.length);
        return { tokens, start: tokens[0].start, end: tokens[tokens.length - 1].end };
    });
}

/** What reading a file found, in order: a pure function of its text, so it is cached by content. */
export type ScanItem =
    | { t: "record"; record: AnyRecord }
    | { t: "missing-blank"; at: number }
    | { t: "not-command"; at: number }
    | { t: "grammar"; at: number; text: string };

export const isScan = is.arrayOf((x: unknown): x is ScanItem => is.object(x) && (x.t === "record" ? is.object(x.record) : typeof x.at === "number"));

export function scanFile(text: string): ScanItem[] {
    const items: ScanItem[] = [];
    for (const block of splitBlocks(tokenize(text))) {
        for (const [i, seg] of segments(block).entries()) {
            if (i > 0) items.push({ t: "missing-blank", at: seg.start });
            if (seg.tokens[0].text !== ".") {
                items.push({ t: "not-command", at: seg.start });
                continue;
            }
            const record = readCommandTokens(seg.tokens, text) ?? readMirroringCommand(seg.tokens, text) ?? readExportCommand(seg.tokens, text) ?? readManagedIdentityCommand(seg.tokens);
            items.push(record ? { t: "record", record } : { t: "grammar", at: seg.start, text: text.slice(seg.start, seg.end) });
        }
    }
    return items;
}
/**
 * The server returns one command a row; a client that joined rows with single newlines loses the
 * blank lines Kusto needs between commands. Re-insert them before each line starting a command
 * outside a multi-line literal or body: rows from the server never continue with a line that
 * starts with '.'.
 */
export function separateRows(text: string): string {
    const lines = text.split("\n");
    const out: string[] = [];
    let depth = 0;
    for (const line of lines) {
        if (depth === 0 && line.startsWith(".") && out.length && out[out.length - 1].trim() !== "") {
            out.push("");
        }
        out.push(line);
        for (const ch of line.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, "")) {
            if (ch === "{") depth++;
            else if (ch === "}") depth = Math.max(0, depth - 1);
        }
    }
    return out.join("\n");
}
