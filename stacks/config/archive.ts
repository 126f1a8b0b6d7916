/** The `archive` section: the storage account, its containers, lifecycle tiering and the Silver export. */
import { z } from "zod";
import { SITE_DEFAULTS } from "../../components/site-defaults";
import { existingId, intBetween, patterned } from "./blocks";

const REDUNDANCY = ["LRS", "GRS", "RAGRS", "ZRS", "GZRS", "RAGZRS"] as const;
/** Whether the account's redundancy (as the config writes it, `LRS`…) is in one of the SKU sets of the cloud limits. */
export function redundancyIn(skus: readonly string[], redundancy: string): boolean {
    return skus.includes(`Standard_${redundancy}`);
}

const lifecycle = z
    .strictObject({
        /** Days after last modification to move to cool. Default 30. */
        coolAfterDays: intBetween(1, 36500).default(SITE_DEFAULTS.archive.lifecycle.coolAfterDays),
        /** Days to move to cold. Default 90. */
        coldAfterDays: intBetween(1, 36500).default(SITE_DEFAULTS.archive.lifecycle.coldAfterDays),
        /** Days to move to archive; `null` stops at cold (needed on ZRS/GZRS). Default 180. */
        archiveAfterDays: intBetween(1, 36500).nullable().default(SITE_DEFAULTS.archive.lifecycle.archiveAfterDays),
        /** Days to delete; `null` keeps blobs forever. Default `null`. */
        deleteAfterDays: intBetween(1, 36500).nullable().default(SITE_DEFAULTS.archive.lifecycle.deleteAfterDays),
    })
    .superRefine((v, ctx) => {
        const steps: [string, number | null][] = [
            ["coolAfterDays", v.coolAfterDays],
            ["coldAfterDays", v.coldAfterDays],
            ["archiveAfterDays", v.archiveAfterDays],
            ["deleteAfterDays", v.deleteAfterDays],
        ];
        const set = steps.filter((s): s is [string, number] => s[1] !== null);
        for (let i = 1; i < set.length; i++) {
            if (set[i][1] <= set[i - 1][1]) {
                ctx.addIssue({ code: "custom", path: [set[i][0]], message: `must be greater than ${set[i - 1][0]} (${set[i - 1][1]}), got ${set[i][1]}` });
            }
        }
    });

const containerName = () => patterned(/^(?!.*--)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/, "must be 3-63 lowercase letters, digits or single hyphens");

export const archive = z.strictObject({
    /** Existing (shared) storage account; default: an account of the site's own. */
    storageAccountId: existingId("Microsoft.Storage/storageAccounts").optional(),
    /** Name of the site's own account (3-24 lowercase letters and digits, globally unique). Default: auto-named. */
    accountName: patterned(/^[a-z0-9]{3,24}$/, "must be 3-24 lowercase letters and digits").optional(),
    /** Redundancy of the site's own account. Default RAGRS (geo-redundant, readable in the paired region, archive tier allowed). */
    redundancy: z.enum(REDUNDANCY).default(SITE_DEFAULTS.archive.redundancy),
    /** Container names by role. Defaults `eh-capture`, `edge-ingest`, `kql-export`; prefixed `<site>-` in a shared account. */
    containers: z
        .strictObject({
            capture: containerName().optional(),
            edgeIngest: containerName().optional(),
            kqlExport: containerName().optional(),
        })
        .default({}),
    /** Lifecycle tiering of every container (days after last modification). */
    lifecycle: lifecycle.default({ ...SITE_DEFAULTS.archive.lifecycle }),
    /** Continuous export of Silver into the `kqlExport` container (`kql/5-export.kql`). */
    export: z
        .strictObject({
            /** Default `true`, except on an Eventhouse site whose own archive has public access off (`exportByDefault`). */
            enabled: z.boolean().optional(),
            /** Fabric: the kind of principal running `pulumi up` (the export writes as it; granted on the container). Default `ServicePrincipal` (CI with OIDC). */
            deployerPrincipalType: z.enum(["ServicePrincipal", "User"]).default(SITE_DEFAULTS.archive.export.deployerPrincipalType),
        })
        .default({ ...SITE_DEFAULTS.archive.export }),
});
