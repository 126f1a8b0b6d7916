/**
 * Names a site config still shares with another site: the mark of a stack file copied from a
 * sibling and not fully edited (the namespace, alias, Eventhouse, AIO instance or dashboard title of
 * the site it came from), and alert rules for assets the site does not have. Such a file validates
 * and plans; `plan` prints these as warnings. Pure.
 */
import { DEFAULT_ASSET_CONTAINS } from "../components/serving/temperature-alert";
import type { SiteConfig } from "../stacks/config";

/** One warning: the config path under `edge-fabric:site` and what is wrong there. */
export interface CopiedName {
    path: (string | number)[];
    message: string;
}

/** Another site of the same project: its stack name and the site name its config gives. */
export interface SiblingSite {
    stack: string;
    site: string;
}

/**
 * Every string value of `site` (its own `name` aside) that contains a sibling's site name, not as
 * part of this site's own name; and every alert rule whose `assetContains` matches none of the
 * site's assets.
 */
export function copiedNames(site: SiteConfig, siblings: SiblingSite[]): CopiedName[] {
    const own = site.name.toLowerCase();
    const others = siblings.filter((s) => s.site.toLowerCase() !== own && !own.includes(s.site.toLowerCase()));
    const found: CopiedName[] = [];
    const walk = (value: unknown, path: (string | number)[]): void => {
        if (typeof value === "string") {
            // Occurrences of the site's own name are its own, even when a sibling's name is inside it.
            const text = value.toLowerCase().split(own).join(" ");
            const other = others.find((s) => text.includes(s.site.toLowerCase()));
            if (other !== undefined) {
                found.push({ path, message: `"${value}" carries "${other.site}", the site of stack ${other.stack}: a value copied from Pulumi.${other.stack}.yaml? Give this site its own (or omit the key for its default, derived from "${site.name}")` });
            }
        } else if (Array.isArray(value)) {
            value.forEach((v, i) => walk(v, [...path, i]));
        } else if (value !== null && typeof value === "object") {
            for (const [key, v] of Object.entries(value)) {
                if (!(path.length === 0 && key === "name")) {
                    walk(v, [...path, key]);
                }
            }
        }
    };
    walk(site, []);
    const assets = site.edge.lines.flatMap((l) => l.assets.map((a) => (typeof a === "string" ? a : a.name)));
    (site.alerts?.enabled ? site.alerts.rules : []).forEach((rule, i) => {
        // KQL `contains` is case-insensitive (https://learn.microsoft.com/kusto/query/contains-operator).
        const contains = rule.assetContains ?? DEFAULT_ASSET_CONTAINS;
        if (!assets.some((a) => a.toLowerCase().includes(contains.toLowerCase()))) {
            found.push({ path: ["alerts", "rules", i, "assetContains"], message: `rule "${rule.name}" watches assets containing "${contains}", and none of this site's assets (${assets.join(", ")}) does: it would never fire` });
        }
    });
    return found;
}
