/** Shared test helpers: load script folders and inline scripts through the public API. */
import { readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { LoadResult, SourceFile, loadSchema } from "../../kusto";
import { siteScripts } from "../../kusto/archive";

/** The repository root (tests run from dist/tests/...). */
export const repoRoot = resolve(__dirname, "../../..");

export function readDir(dir: string): SourceFile[] {
    const abs = resolve(repoRoot, dir);
    return readdirSync(abs)
        .filter((f) => f.endsWith(".kql") || f.endsWith(".csl"))
        .sort()
        .map((f) => ({ path: join(dir, f), text: readFileSync(join(abs, f), "utf8") }));
}

export const medallionFiles = (): SourceFile[] => readDir("kql");

/** The archive container of the site the server fixtures come from. */
export const FIXTURE_ARCHIVE = "https://archsite1.blob.core.windows.net/kql-export";

/** The medallion scripts as MedallionSchema resolves them for one site (`{archive}` filled in). */
export const siteMedallionFiles = (backend: "adx" | "fabric" = "fabric"): SourceFile[] =>
    siteScripts(medallionFiles(), { containerUrl: FIXTURE_ARCHIVE, backend }).files;

/** The medallion scripts with `edit` applied to the concatenated text (one file). */
export async function medallionWith(edit: (text: string) => string): Promise<LoadResult> {
    const text = medallionFiles()
        .map((f) => f.text)
        .join("\n\n");
    return loadSchema([{ path: "edited.kql", text: edit(text) }]);
}

export function replaceOnce(text: string, from: string, to: string): string {
    if (!text.includes(from)) throw new Error(`test setup: ${JSON.stringify(from)} not found`);
    return text.replace(from, to);
}
