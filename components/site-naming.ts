/**
 * Names and defaults a site derives from its description (account, containers, edge volume, tag,
 * consumer group). Pure, so the CLI (`gitops render`, `plan`) uses them without building resources.
 */
import type { ArchiveContainer } from "./cloud/archive";
import { parseArmId } from "./cloud/rules/arm";
import type { EdgeVolumeDescription } from "./edge/edge-volume-plan";
import type { SiteArchiveSpec } from "./site-defaults";

/** Azure tag naming the site on every resource the site creates. */
export const SITE_TAG = "edge-fabric:site";

/** Azure tag with which a resource records that its public network access is deliberate (read by the policy pack). */
export const PUBLIC_ACCESS_TAG = "edgeFabricPublicNetworkAccess";

/**
 * Azure tag with which a namespace records that its local (SAS) auth is on deliberately, for
 * hub-scoped Listen-only rules (value `listen-only`); the policy pack accepts local auth only so.
 */
export const LOCAL_AUTH_TAG = "edgeFabricLocalAuth";
/** The value of `LOCAL_AUTH_TAG` that marks the exception. */
export const LISTEN_ONLY = "listen-only";

/** The archive containers a site writes, by role. */
export const ARCHIVE_CONTAINER_ROLES: ArchiveContainer[] = ["capture", "edgeIngest", "kqlExport"];
const DEFAULT_CONTAINERS: Record<ArchiveContainer, string> = { capture: "eh-capture", edgeIngest: "edge-ingest", kqlExport: "kql-export" };
/** The consumer group the serving layer (Eventhouse / ADX) reads the hub through. */
export const SERVING_CONSUMER_GROUP = "eventhouse";

/** What the edge volume of a site is derived from (a `HybridSiteArgs` or a validated stack config with a literal account id). */
export interface SiteVolumeSource {
    name: string;
    edge: { cold: { volumeSizeGi: number } };
    archive: Pick<SiteArchiveSpec, "storageAccountId" | "accountName" | "containers">;
}

/** The archive account a site writes to: the shared account's name, or its own. */
export function siteArchiveAccount(args: SiteVolumeSource): string {
    const id = args.archive.storageAccountId;
    return id ? parseArmId(id, "Microsoft.Storage", "storageAccounts", "archive.storageAccountId").name : (args.archive.accountName ?? `ef${args.name}archive`);
}

/** Archive container names by role: as configured, else the defaults, prefixed `<site>-` in a shared account (sites sharing one keep apart by name). */
export function siteContainerNames(args: Pick<SiteVolumeSource, "name" | "archive">): Record<ArchiveContainer, string> {
    const a = args.archive;
    const shared = a.storageAccountId !== undefined;
    return Object.fromEntries(ARCHIVE_CONTAINER_ROLES.map((role) => [role, a.containers[role] ?? (shared ? `${args.name}-${DEFAULT_CONTAINERS[role]}` : DEFAULT_CONTAINERS[role])])) as Record<ArchiveContainer, string>;
}

/**
 * The edge volume of a site's cold path as plain data: what `HybridSite` hands `EdgeVolume` or
 * `EdgeVolumeGitOps`, and what `edge-fabric gitops render --stack` renders. Pure.
 */
export function siteEdgeVolume(args: SiteVolumeSource): EdgeVolumeDescription {
    return {
        claimName: `${args.name}-cold`,
        size: `${args.edge.cold.volumeSizeGi}Gi`,
        subvolume: { name: `${args.name}-ingest`, storageAccount: siteArchiveAccount(args), containerName: siteContainerNames(args).edgeIngest },
    };
}

