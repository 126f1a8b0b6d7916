/**
 * The engine's cache on disk, so repeated `kql check` / `kql diff` runs skip Kusto.Language for
 * everything they have seen: one JSON file per content hash under `EDGE_FABRIC_CACHE_DIR`, default
 * `node_modules/.cache/edge-fabric/kql` (the conventional place tools keep caches; `npm ci` clears it).
 * Writes are atomic (temp file + rename); a failure to read or write is a cache miss, never an error.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { CacheStore } from "../kusto";

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
            mkdirSync(join(this.dir, key.slice(0, 2)), { recursive: true });
            writeFileSync(temp, value);
            renameSync(temp, file);
        } catch {
            // A read-only or full disk only costs speed.
        }
    }
}
