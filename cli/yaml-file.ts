/**
 * Reading the YAML files users write (stack files, the fleet's wave policy, edge-volume
 * descriptions): every problem at its real `file:line:col`, in time linear in the file's size.
 *
 * Uses the `yaml` library (eemeli/yaml) with its `LineCounter` for positions. Two of its defaults are
 * replaced: its duplicate-key check compares each key with every earlier key of its map (quadratic
 * in the key count; a 5 MB file took minutes), so keys are checked here with one set per map; and a
 * lookup of a path walks its maps from the top, so positions come from one index built on the first
 * lookup.
 */
import { readFileSync } from "node:fs";
import { isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node } from "yaml";
import { decodeText, NotTextError } from "../providers/text-file";
import { CliError } from "./errors";

/**
 * Most alias expansions one file may make while it is read, the `yaml` library's own default for
 * `toJS({ maxAliasCount })`: enough for ordinary reuse, far below what a "billion laughs" document
 * (aliases of aliases, growing exponentially) needs to exhaust memory.
 */
export const MAX_ALIAS_COUNT = 100;

export interface YamlFile {
    /** The file as messages name it. */
    file: string;
    /** The document as plain data (`null` for an empty file). */
    value: unknown;
    /** `line:col` of `path` in the document, or of its nearest parent that exists. */
    position(path: readonly (string | number)[]): string;
}

/** Reads and parses `path` (named `shown` in messages); every problem is a `CliError` naming `file:line:col`. */
export function readYamlFile(path: string, shown = path): YamlFile {
    let bytes: Buffer;
    try {
        bytes = readFileSync(path);
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        throw new CliError(`${shown}: cannot read (${code === "EISDIR" ? "it is a folder" : code === "ENOENT" ? "no such file" : (code ?? String(error))})`);
    }
    return parseYaml(shown, bytes);
}

/** Parses a YAML file's bytes; `file` names it in messages. */
export function parseYaml(file: string, bytes: Uint8Array): YamlFile {
    let text: string;
    try {
        text = decodeText(file, bytes);
    } catch (error) {
        throw error instanceof NotTextError ? new CliError(error.message) : error;
    }
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
    const at = (offset: number): string => {
        const { line, col } = lines.linePos(offset);
        return `${file}:${line}:${col}`;
    };
    const problems = [...doc.errors.map((e) => `${at(e.pos[0])}: invalid YAML: ${e.message.split("\n")[0]}${HINTS[e.code] ?? ""}`), ...duplicateKeys(doc).map(({ key, offset, first }) => `${at(offset)}: duplicate key ${JSON.stringify(key)} (first at ${at(first)}); keep one of them`)];
    if (problems.length > 0) {
        throw new CliError(problems.join("\n"));
    }
    let value: unknown;
    try {
        value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
        const alias = firstAlias(doc);
        const where = alias === undefined ? file : at(alias);
        throw new CliError(
            /alias count/i.test((error as Error).message)
                ? `${where}: the aliases (*name) expand to more than ${MAX_ALIAS_COUNT} nodes, as a "billion laughs" document does; write the values out instead of aliasing them`
                : `${where}: ${(error as Error).message}`,
        );
    }
    let index: Map<string, number> | undefined;
    return {
        file,
        value,
        position: (path) => {
            index ??= positions(doc);
            for (let n = path.length; n >= 0; n--) {
                const offset = index.get(pathKey(path.slice(0, n)));
                if (offset !== undefined) {
                    const { line, col } = lines.linePos(offset);
                    return `${line}:${col}`;
                }
            }
            return "1:1";
        },
    };
}

/** What fixes the YAML syntax errors users meet most (codes of the `yaml` library's `YAMLError`). */
const HINTS: Partial<Record<string, string>> = {
    TAB_AS_INDENT: "; indent with spaces",
    MISSING_CHAR: "; close the quote or bracket",
    MULTILINE_IMPLICIT_KEY: "; a key and its colon belong on one line (is a colon or quote missing above?)",
};

const pathKey = (path: readonly (string | number)[]): string => JSON.stringify(path.map(String));

const keyText = (key: unknown): string => (isScalar(key) ? String(key.value) : String(key));

/** Every repeated key of every map, with the offset of its first occurrence; one set per map. */
function duplicateKeys(doc: Document): { key: string; offset: number; first: number }[] {
    const found: { key: string; offset: number; first: number }[] = [];
    visit(doc, {
        Map(_, map) {
            const seen = new Map<string, number>();
            for (const pair of map.items) {
                const key = keyText(pair.key);
                const offset = (pair.key as Node | null)?.range?.[0] ?? 0;
                const first = seen.get(key);
                if (first === undefined) {
                    seen.set(key, offset);
                } else {
                    found.push({ key, offset, first });
                }
            }
        },
    });
    return found;
}

function firstAlias(doc: Document): number | undefined {
    let offset: number | undefined;
    visit(doc, {
        Alias(_, alias) {
            offset = alias.range?.[0];
            return visit.BREAK;
        },
    });
    return offset;
}

/** Start offset of every node by its path (map keys and sequence indexes), from one walk of the document. */
function positions(doc: Document): Map<string, number> {
    const index = new Map<string, number>();
    const walk = (node: unknown, path: string[], fallback: number): void => {
        index.set(JSON.stringify(path), (node as Node | null)?.range?.[0] ?? fallback);
        if (isMap(node)) {
            for (const pair of node.items) {
                walk(pair.value, [...path, keyText(pair.key)], (pair.key as Node | null)?.range?.[0] ?? fallback);
            }
        } else if (isSeq(node)) {
            node.items.forEach((item, i) => walk(item, [...path, String(i)], fallback));
        }
    };
    walk(doc.contents, [], 0);
    return index;
}
