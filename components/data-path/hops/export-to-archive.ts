/**
 * Silver export -> archive: the continuous export in the schema scripts writes Parquet into the
 * archive's `kql-export` container, and the `SilverArchive` external table reads it back.
 * - On ADX it runs as the cluster's managed identity; on Fabric it impersonates its creator (the
 *   deployer); either needs write on the container
 *   (https://learn.microsoft.com/kusto/management/data-export/create-alter-continuous).
 * - Network: an ADX cluster passes a storage firewall as a trusted Azure service (`Microsoft.Kusto`,
 *   https://learn.microsoft.com/azure/storage/common/storage-network-security-trusted-azure-services). A
 *   Fabric Eventhouse has no documented path to an account with public access off: Fabric's managed
 *   private endpoints serve Spark and Eventstream only
 *   (https://learn.microsoft.com/fabric/security/security-managed-private-endpoints-overview#supported-item-types),
 *   trusted workspace access lists shortcuts, pipelines, COPY, semantic models and AzCopy but no KQL export
 *   (https://learn.microsoft.com/fabric/security/security-trusted-workspace-access), and the trusted-services
 *   exception does not admit an Eventhouse that impersonates (https://github.com/microsoft/finops-toolkit/issues/2061).
 *   The site's private endpoint serves the plant's VNet, not Fabric. Such an export is a plan error.
 * - The external table reads the blobs in place; an archive-tier blob is offline until rehydrated
 *   (https://learn.microsoft.com/azure/storage/blobs/access-tiers-overview#archive-access-tier), so a
 *   lifecycle rule that archives the container breaks every query over older days.
 */
import type { DataPathInput, HopFacts, HopProblem, ResourceView } from "../hop-types";
import { Plan, shortId, TYPES } from "../resources";
import { SOURCES } from "../sources";
import { inStandbyRegion } from "./into-bronze";
import { networkPath, targetName } from "./network";

const STORAGE_URI = /h@'https:\/\/([a-z0-9]{3,24})\.blob\.[^/']+\/([a-z0-9-]{3,63})[^';]*;([^']+)'/;
const EXPORT = /^\.create-or-alter\s+continuous-export\s+(\w+)\s+over\s+\(([^)]*)\)/m;

interface LifecycleRuleDoc {
    name?: string;
    enabled?: boolean;
    definition?: { filters?: { prefixMatch?: string[] }; actions?: { baseBlob?: { tierToArchive?: { daysAfterModificationGreaterThan?: number } } } };
}

/** The lifecycle rules of `account` that move blobs under `container/` to the archive tier. */
function archivingRules(plan: Plan, account: ResourceView | undefined, container: string): LifecycleRuleDoc[] {
    return plan
        .ofType(TYPES.lifecycle)
        .filter((p) => account === undefined || p.inputs.accountName === account.inputs.accountName)
        .flatMap((p) => (p.inputs.policy as { rules?: LifecycleRuleDoc[] } | undefined)?.rules ?? [])
        .filter((r) => r.enabled !== false && r.definition?.actions?.baseBlob?.tierToArchive !== undefined)
        .filter((r) => (r.definition?.filters?.prefixMatch ?? [""]).some((prefix) => `${container}/`.startsWith(prefix) || prefix.startsWith(`${container}/`)));
}

/**
 * A primary database with an archive account of the plan and no export: listed (not drawn), so a reader
 * of `access.json` sees the export was left off rather than forgotten, and, where no export could work
 * (a Fabric Eventhouse and an archive with public access off), why.
 */
function exportOff(plan: Plan, schema: ResourceView): HopFacts[] {
    const account = plan.ofType(TYPES.storageAccount)[0];
    if (account === undefined || inStandbyRegion(plan, schema)) {
        return [];
    }
    const fabric = plan.ofType(TYPES.adxConnection).length === 0 && plan.ofType(TYPES.adxCluster).length === 0;
    const impossible = fabric && account.inputs.publicNetworkAccess === "Disabled";
    return [
        {
            id: "export-archive",
            hop: "Silver export -> archive",
            producer: "continuous export of Silver (off)",
            consumer: `account ${targetName(account)}`,
            transport: impossible
                ? `none: the export is off (archive.export.enabled): a Fabric Eventhouse has no network path to ${targetName(account)}, whose public access is off; Silver reaches OneLake through its mirroring policy, the raw stream this archive through Capture`
                : "none: the export is off (archive.export.enabled)",
            principal: "-",
            auth: "entra-managed-identity",
            network: "none",
            assetKey: "-",
            planned: false,
            problems: [],
        },
    ];
}

export function exportToArchive(input: DataPathInput): HopFacts[] {
    const plan = Plan.of(input);
    return plan.ofType(TYPES.schema).flatMap((schema): HopFacts[] => {
        const scripts = Array.isArray(schema.inputs.scripts) ? (schema.inputs.scripts as { text?: string }[]) : [];
        const all = scripts.map((s) => s.text ?? "").join("\n");
        const exported = EXPORT.exec(all);
        const uri = STORAGE_URI.exec(all);
        if (!exported || !uri) {
            return exportOff(plan, schema);
        }
        const [, accountName, containerName, auth] = uri;
        const account = plan.byArmId(`/storageAccounts/${accountName}`);
        const container = plan.byArmId(`/storageAccounts/${accountName}/containers/${containerName}`);
        const impersonates = auth.startsWith("impersonate");
        const deployer = input.site.principals.deployer;
        const problems: HopProblem[] = [];
        const scope = container ?? account;
        if (scope && plan.grants(["storageBlobDataContributor", "storageBlobDataOwner"], scope, impersonates ? { id: deployer } : {}).length === 0) {
            problems.push({
                aspect: "role",
                missing: `${impersonates ? `the deployer ${shortId(deployer)}` : "the cluster's identity"} has no Storage Blob Data Contributor role on container ${containerName}, so every export run fails`,
                configPath: "archive.export",
                fix: "keep archive.export on a site's own account (the site grants the writer), or have the account's owner grant it",
                source: SOURCES.continuousExport,
            });
        }
        if (impersonates && account?.inputs.publicNetworkAccess === "Disabled") {
            problems.push({
                aspect: "network",
                missing: `account ${targetName(account)} has public network access off, and a Fabric Eventhouse has no private path to a storage account (no managed private endpoint for Eventhouse, no trusted workspace access for KQL export; the site's private endpoint serves the plant's VNet), so every export run is refused`,
                configPath: "archive.export.enabled",
                fix: "false (the default on such a site: Silver still reaches OneLake through its mirroring policy and the raw stream the archive through Capture), or set network.publicNetworkAccess: true so the export writes over the account's public endpoint with Entra ID",
                source: SOURCES.fabricManagedPrivateEndpoints,
            });
        }
        for (const rule of archivingRules(plan, account, containerName)) {
            problems.push({
                aspect: "tier",
                missing: `lifecycle rule ${rule.name ?? "?"} moves blobs under ${containerName}/ to the archive tier after ${rule.definition?.actions?.baseBlob?.tierToArchive?.daysAfterModificationGreaterThan ?? "?"} days, while external table SilverArchive reads them: its queries over older days would fail until the blobs are rehydrated`,
                configPath: "archive.lifecycle.archiveAfterDays",
                fix: `leave ${containerName} out of the archive step (the site stops its export container at the cold tier) or turn archive.export off`,
                source: SOURCES.archiveTier,
            });
        }
        return [
            {
                id: `export-archive${inStandbyRegion(plan, schema) ? ":standby" : ""}`,
                hop: "Silver export -> archive",
                producer: `continuous export ${exported[1]} over (${exported[2].trim()})`,
                consumer: `container ${containerName} in account ${accountName} (external table read back)`,
                transport: "HTTPS, port 443 (Parquet by ingestion day)",
                principal: impersonates ? `the deployer ${shortId(deployer)} (impersonated)` : "the ADX cluster's system identity",
                auth: impersonates ? "impersonation" : "entra-managed-identity",
                role: { name: "Storage Blob Data Contributor", scope: `container ${containerName}` },
                network: impersonates ? "public endpoint" : networkPath(plan, account, "azure"),
                origin: impersonates ? "fabric" : "azure",
                assetKey: "Silver's Asset column",
                target: account?.urn,
                problems,
            },
        ];
    });
}
