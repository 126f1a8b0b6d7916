/**
 * The engine's cache on disk, so repeated `kql check` / `kql diff` runs skip Kusto.Language for
 * everything they have seen: one JSON file per content hash under `EDGE_FABRIC_CACHE_DIR`, default
 * `node_modules/.cache/edge-fabric/kql` (the conventional place tools keep caches; `npm ci` clears it).
 * Writes are atomic (temp file + rename); a failure to read or write is a cache miss, never an error.
 *
 * Two levels share the store: the engine's entries (a file's scan, a command's grammar verdict, a
 * query's analysis), which let a run with a few changed files skip Kusto.Language for the rest, and
 * one entry per whole run ({@link outcome}: a folder's check, a diff of a folder against a current
 * schema), which lets a run over inputs already seen skip loading the engine at all.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { contentHash, remember, stored, type CacheStore } from "../kusto/cache";
import type { SourceFile } from "../kusto/diagnostics";

export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
    return env.EDGE_FABRIC_CACHE_DIR ? resolve(cwd, env.EDGE_FABRIC_CACHE_DIR) : join(cwd, "node_modules", ".cache", "edge-fabric", "kql");
}

export class DiskCache implements CacheStore {
    constructor(readonly dir: string = defaultCacheDir()) {}

    private file(key: string): string {
        return join(this.dir, key.slice(0, 2), `${key}.json`);
    }

    get(key: string): string | undefined {
        try {
            return readFileSync(this.file(key), "utf8");
        } catch {
            return undefined;
        }
    }

    set(key: string, value: string): void {
        const file = this.file(key);
        const temp = `${file}.${process.pid}.tmp`;
        try {
            try {
                writeFileSync(temp, value);
            } catch {
                // The subfolder is made only when missing: a cold run writes hundreds of entries into 256 of them.
                mkdirSync(join(this.dir, key.slice(0, 2)), { recursive: true });
                writeFileSync(temp, value);
            }
            renameSync(temp, file);
        } catch {
            // A read-only or full disk only costs speed.
        }
    }
}

let fingerprint: string | undefined;

/**
 * A hash of the code that computes a run's outcome: every compiled module of the engine and the
 * CLI modules that call it. Any change to either (an upgrade, a rebuild with an edit) is a new
 * fingerprint, so an outcome is never replayed by code that would compute it differently.
 */
export function engineFingerprint(): string {
    if (fingerprint === undefined) {
        const engine = join(__dirname, "..", "kusto");
        const files = [
            ...readdirSync(engine)
                .filter((f) => f.endsWith(".js"))
                .sort()
                .map((f) => join(engine, f)),
            join(__dirname, "kql.js"),
            __filename,
        ];
        const hash = createHash("sha256");
        for (const file of files) hash.update(`${basename(file)}\0`).update(readFileSync(file));
        fingerprint = hash.digest("hex");
    }
    return fingerprint;
}

/** A folder's files as parts of a cache key: each path and text. */
export function fileParts(files: readonly SourceFile[]): string[] {
    return files.flatMap((f) => [f.path, f.text]);
}

/**
 * The outcome of a whole run over these inputs (`parts`: the command, its options and every input
 * text), replayed from the store when the same inputs were seen by the same code, else computed
 * (loading the engine) and stored.
 */
export async function outcome<T>(store: DiskCache, parts: string[], isValid: (value: unknown) => value is T, compute: () => Promise<T>): Promise<T> {
    const key = contentHash("outcome", engineFingerprint(), ...parts);
    const hit = stored(store, key, isValid);
    if (hit !== undefined) return hit;
    const value = await compute();
    remember(store, key, value);
    return value;
}
