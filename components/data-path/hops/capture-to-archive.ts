/**
 * Capture -> archive: each event hub with Capture on writes Avro files into the archive account.
 * Two principals are involved, and both need access at the account:
 * - the namespace's managed identity writes the files: Storage Blob Data Contributor on the account
 *   (https://learn.microsoft.com/azure/event-hubs/event-hubs-capture-managed-identity);
 * - the principal that enables Capture (the deployer) needs `containers/write` and
 *   `containers/blobs/write` "assigned at the storage account scope", else the hub's create fails with
 *   "Linked access check failed" (https://learn.microsoft.com/azure/event-hubs/event-hubs-capture-overview#azure-storage-account-as-a-destination).
 *   Storage Blob Data Contributor and Owner both hold them; the hub must wait for the assignment.
 * With the account's public access off, Capture passes only as a trusted Azure service (`Microsoft.EventHub`,
 * https://learn.microsoft.com/azure/storage/common/storage-network-security-trusted-azure-services).
 */
import type { DataPathInput, HopFacts, HopProblem } from "../hop-types";
import { Plan, shortId, text, TYPES } from "../resources";
import { SOURCES } from "../sources";
import { inStandbyRegion } from "./into-bronze";
import { networkPath } from "./network";

interface CaptureDescription {
    enabled?: boolean;
    destination?: { storageAccountResourceId?: string; blobContainer?: string; identity?: { type?: string } };
}

export function captureToArchive(input: DataPathInput): HopFacts[] {
    const plan = Plan.of(input);
    return plan.ofType(TYPES.eventHub).flatMap((hub): HopFacts[] => {
        const capture = hub.inputs.captureDescription as CaptureDescription | undefined;
        if (capture?.enabled !== true) {
            return [];
        }
        const hubName = text(hub.inputs.eventHubName) ?? hub.name;
        const account = plan.resolve(hub, "captureDescription", [TYPES.storageAccount]) ?? plan.byArmId(capture.destination?.storageAccountResourceId ?? "");
        const accountName = text(account?.inputs.accountName) ?? capture.destination?.storageAccountResourceId ?? "the archive account";
        const namespace = plan.enclosing(hub);
        const problems: HopProblem[] = [];
        const writers = account && namespace ? plan.grants(["storageBlobDataContributor", "storageBlobDataOwner"], account, { identityOf: namespace }) : [];
        if (account && namespace && writers.length === 0) {
            problems.push({
                aspect: "role",
                missing: `the namespace identity has no Storage Blob Data Contributor role on account ${accountName}`,
                configPath: "eventHubs.capturePrincipalId",
                fix: "give the namespace's identity object id, so the site grants it write access to the archive",
                source: SOURCES.captureIdentity,
            });
        }
        const deployer = input.site.principals.deployer;
        const preassigned = input.site.preassigned.has("captureDeployer");
        if (deployer !== undefined && !preassigned) {
            const atAccount = account ? plan.grants(["storageBlobDataContributor", "storageBlobDataOwner"], account, { id: deployer }).filter((a) => a.scope?.urn === account.urn) : [];
            const waited = atAccount.filter((a) => plan.waitsFor(hub, a.resource));
            if (waited.length === 0) {
                problems.push({
                    aspect: "role",
                    missing:
                        atAccount.length === 0
                            ? `the deployer (${shortId(deployer)}) gets no data-plane write (containers/write, containers/blobs/write) at the scope of account ${accountName}: enabling Capture fails with "Linked access check failed", and the hub, its consumer groups and the dataflows behind it are not created`
                            : `event hub ${hubName} does not wait for the deployer's account-scope role on ${accountName}, so Capture may be enabled before the role exists`,
                    configPath: "eventHubs.capture.deployerAccess",
                    fix: `"grant" (the site assigns Storage Blob Data Contributor on its own account before creating the hub), or "preassigned" once the account's owner has granted the deployer that role at account scope`,
                    source: SOURCES.captureDeployer,
                });
            }
        }
        return [
            {
                id: `capture-archive:${hubName}${inStandbyRegion(plan, hub) ? ":standby" : ""}`,
                hop: "Capture -> archive",
                producer: `Event Hubs Capture of ${hubName}`,
                consumer: `container ${capture.destination?.blobContainer ?? "?"} in account ${accountName}`,
                transport: "HTTPS, port 443 (Avro files)",
                principal: `the namespace's system identity; enabled by the deployer${preassigned ? " (account-scope role granted outside the stack)" : ""}`,
                auth: "entra-managed-identity",
                role: { name: "Storage Blob Data Contributor (identity and deployer)", scope: `account ${accountName}` },
                // Capture writes from the Event Hubs service, never through the site's private endpoint.
                network: networkPath(plan, account, "azure"),
                origin: "azure",
                assetKey: "Avro records keep the event's properties and body (the document with its topic field)",
                target: account?.urn,
                problems,
            },
        ];
    });
}
