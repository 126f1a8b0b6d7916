/**
 * The site's archive in site-independent scripts: `{archive}` stands for the archive container URL
 * until a site resolves it, and on ADX the export runs as the cluster's system identity.
 */
import { createRequire } from "node:module";
import type { SourceFile } from "./diagnostics";

/** The managed identity policy's module, loaded only for an ADX export (a `kql diff` without one starts faster). */
const identity = (): typeof import("./identity.js") => createRequire(__filename)("./identity.js") as typeof import("./identity.js");

/** Where the site's archive container URL goes in a site-independent script (`{archive}/silver;impersonate`). */
export const ARCHIVE_PLACEHOLDER = "{archive}";

/** Why `url` cannot be an archive container URL (https://<host>/<container>, no path, SAS or credentials), or undefined. */
export function archiveContainerProblem(url: string): string | undefined {
    return /^https:\/\/[a-z0-9.-]+(:\d+)?\/[a-z0-9][a-z0-9-]{1,62}\/?$/.test(url) ? undefined : `must be https://<host>/<container> with no path, query (SAS) or credentials, got "${url}"`;
}

/** Whether a script writes to the site's archive (`{archive}` at the start of a string literal). */
export function usesArchive(file: SourceFile): boolean {
    return file.text.includes(`'${ARCHIVE_PLACEHOLDER}`) || file.text.includes(`"${ARCHIVE_PLACEHOLDER}`);
}

/** Where a site's archive export writes: the container URL and the backend that decides how it authenticates. */
export interface ArchiveTarget {
    containerUrl: string;
    backend: "adx" | "fabric";
    /**
     * The database the scripts apply to. On ADX it names the database in the managed identity policy
     * the export needs (`ARCHIVE_IDENTITY_PATH`); without it that policy is not generated.
     */
    database?: string;
}

/** Path of the generated script with the ADX export's managed identity policy; placed before the export script. */
export const ARCHIVE_IDENTITY_PATH = "archive-identity.kql";

/**
 * The scripts as one site applies them: `{archive}` resolved for `target`, or, with no target, the
 * scripts that use it left out (an export to a placeholder URI must never reach a database). On ADX
 * with a database, the managed identity policy that lets the cluster's system identity run the
 * export (`AutomatedFlows`) and write the external table (`ExternalTable`) comes right before the
 * first script that exports; Fabric has no such policy (the export impersonates its creator).
 */
export function siteScripts(files: readonly SourceFile[], target: ArchiveTarget | undefined): { files: SourceFile[]; leftOut: string[] } {
    if (!target) {
        return { files: files.filter((f) => !usesArchive(f)), leftOut: files.filter(usesArchive).map((f) => f.path) };
    }
    const resolved = files.map((f) => (usesArchive(f) ? { path: f.path, text: resolveArchiveScript(f.text, target.containerUrl, target.backend) } : f));
    const first = files.findIndex(usesArchive);
    if (target.backend === "adx" && target.database !== undefined && first >= 0) {
        const why = "Generated for ADX: the archive export runs as the cluster's system identity, which Kusto allows only with this policy.";
        const { EXPORT_USAGES, managedIdentityScript } = identity();
        resolved.splice(first, 0, { path: ARCHIVE_IDENTITY_PATH, text: managedIdentityScript(target.database, [{ objectId: "system", allowedUsages: EXPORT_USAGES }], why) });
    }
    return { files: resolved, leftOut: [] };
}

/**
 * Makes a site-independent export script concrete for one site: `{archive}` becomes the archive
 * container URL, and on ADX the storage URIs use the cluster's system identity (`;impersonate`
 * becomes `;managed_identity=system`) and every export runs as it (`managedIdentity="system"`).
 * Fabric has no managed identity for this: the script stays on `;impersonate`, which runs as the
 * principal that creates the export.
 */
export function resolveArchiveScript(text: string, containerUrl: string, backend: "adx" | "fabric"): string {
    const url = containerUrl.replace(/\/+$/, "");
    // Only at the start of a string literal: comments that mention the placeholder stay as written.
    let out = text.split(`'${ARCHIVE_PLACEHOLDER}`).join(`'${url}`).split(`"${ARCHIVE_PLACEHOLDER}`).join(`"${url}`);
    if (backend === "adx") {
        out = out.replace(/;impersonate(['"])/gi, ";managed_identity=system$1");
        out = out.replace(/(\.create-or-alter\s+continuous-export\b[^<]*?\bwith\s*\()(?![^)]*managedIdentity)/gi, '$1managedIdentity="system", ');
    }
    return out;
}
