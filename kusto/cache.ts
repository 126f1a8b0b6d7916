/**
 * Results of Kusto.Language that depend only on text (a file's scan, a command's grammar verdict,
 * a query's analysis against a fingerprinted schema) are cached by content hash: in memory for the
 * process, and in a store the caller may give (the CLI's is on disk). A stored entry is used only
 * if it parses, names the same hash (which covers the parser version and this format's version) and
 * has the expected shape; anything else is recomputed and overwritten, so a stale or corrupt cache
 * can cost time but never change a result. With every entry warm, Kusto.Language is not even loaded.
 */
import { createHash } from "node:crypto";
import { kustoLanguageVersion } from "./language";

/** Somewhere to keep results between runs; values are opaque strings. */
export interface CacheStore {
    get(key: string): string | undefined;
    set(key: string, value: string): void;
}

/** Bump when what is cached, or how it is computed, changes. */
const formatVersion = 1;

const memory = new Map<string, unknown>();
let counters = { computed: 0, memoryHits: 0, storeHits: 0, grammarRuns: 0 };

/** Counters for the bench and for tests proving the grammar runs at most once per text. */
export function cacheStats(): { computed: number; memoryHits: number; storeHits: number; grammarRuns: number } {
    return { ...counters };
}

/** Forgets everything cached in memory (cold runs in the bench; tests). */
export function resetMemoryCache(): void {
    memory.clear();
    counters = { computed: 0, memoryHits: 0, storeHits: 0, grammarRuns: 0 };
}

export function countGrammarRun(): void {
    counters.grammarRuns++;
}

let version: string | undefined;

export function contentHash(...parts: string[]): string {
    version ??= kustoLanguageVersion();
    const h = createHash("sha256").update(`kusto-language ${version}\0format ${formatVersion}`);
    for (const p of parts) h.update(`\0${p.length}\0`).update(p);
    return h.digest("hex");
}

/** The value `store` holds under `key`, if it parses, names `key` and has the expected shape. */
export function stored<T>(store: CacheStore | undefined, key: string, isValid: (value: unknown) => value is T): T | undefined {
    const text = store?.get(key);
    if (text === undefined) return undefined;
    try {
        const parsed = JSON.parse(text) as { hash?: unknown; value?: unknown };
        if (parsed.hash === key && isValid(parsed.value)) return parsed.value;
    } catch {
        // Corrupt: the caller recomputes and overwrites it.
    }
    return undefined;
}

export function remember<T>(store: CacheStore | undefined, key: string, value: T): void {
    store?.set(key, JSON.stringify({ hash: key, value }));
}

/** `compute()`'s result for these parts, from memory, the store, or computed and remembered. */
export function cached<T>(store: CacheStore | undefined, parts: string[], isValid: (value: unknown) => value is T, compute: () => T): T {
    const key = contentHash(...parts);
    if (memory.has(key)) {
        counters.memoryHits++;
        return memory.get(key) as T;
    }
    const hit = stored(store, key, isValid);
    if (hit !== undefined) {
        counters.storeHits++;
        memory.set(key, hit);
        return hit;
    }
    counters.computed++;
    const value = compute();
    memory.set(key, value);
    remember(store, key, value);
    return value;
}

/** Shape checks for cached values. */
export const is = {
    object: (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v),
    arrayOf:
        <T>(item: (x: unknown) => x is T) =>
        (v: unknown): v is T[] =>
            Array.isArray(v) && v.every(item),
};
