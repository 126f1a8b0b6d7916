/** Reading a directory of `.kql` scripts into the engine's SourceFile list (paths relative to the directory). */
import { readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import type { SourceFile } from "../../kusto";

/** Every `.kql` file under `dir`, sorted by path (the order they apply in), with `/` separators. */
export function readScriptsDir(dir: string): SourceFile[] {
    let isDir = false;
    try {
        isDir = statSync(dir).isDirectory();
    } catch {
        isDir = false;
    }
    if (!isDir) {
        throw new Error(`KQL script directory '${dir}' does not exist or is not a directory`);
    }
    const files = readdirSync(dir, { recursive: true })
        .map(String)
        .filter((f) => f.endsWith(".kql"))
        .sort()
        .map((f) => ({ path: f.split(path.sep).join("/"), text: readFileSync(path.join(dir, f), "utf8") }));
    if (files.length === 0) {
        throw new Error(`KQL script directory '${dir}' holds no .kql file`);
    }
    return files;
}

/** The `kql/` directory shipped with edge-fabric (found from the compiled or the source location). */
export function bundledScriptsDir(): string {
    const candidates = [path.resolve(__dirname, "..", "..", "..", "kql"), path.resolve(__dirname, "..", "..", "kql")];
    return candidates.find((dir) => statSync(dir, { throwIfNoEntry: false })?.isDirectory()) ?? candidates[0];
}
