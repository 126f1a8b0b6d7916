/** Reading a directory of `.kql` scripts into the engine's SourceFile list (paths relative to the directory). */
import { readdirSync, statSync } from "node:fs";
import * as path from "node:path";
import type { SourceFile } from "../../kusto";
import { NotTextError, readTextFile } from "../text-file";

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
    // A folder named `x.kql` is not a script: its files are read like any other subfolder's.
    const files = readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((e) => e.name.endsWith(".kql") && !isFolder(path.join(e.parentPath, e.name)))
        .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
        .sort()
        .map((f) => ({ path: f.split(path.sep).join("/"), text: readScript(path.join(dir, f)) }));
    if (files.length === 0) {
        throw new Error(`KQL script directory '${dir}' holds no .kql file`);
    }
    return files;
}

function isFolder(file: string): boolean {
    return statSync(file, { throwIfNoEntry: false })?.isDirectory() ?? false;
}

/** A script's text: UTF-8 only, so what is applied is byte for byte what was written. */
function readScript(file: string): string {
    try {
        return readTextFile(file);
    } catch (error) {
        if (error instanceof NotTextError) {
            throw error;
        }
        throw new Error(`${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
}

/** The `kql/` directory shipped with edge-fabric (found from the compiled or the source location). */
export function bundledScriptsDir(): string {
    const candidates = [path.resolve(__dirname, "..", "..", "..", "kql"), path.resolve(__dirname, "..", "..", "kql")];
    return candidates.find((dir) => statSync(dir, { throwIfNoEntry: false })?.isDirectory()) ?? candidates[0];
}
