/**
 * The rules `HybridSite`'s args must meet beyond their types, checked before anything is
 * registered so that a broken site is refused whole, every problem at once. The Azure limits a stack
 * file is checked against (regions and DR pairs, tag limits) are the same functions here, so a
 * program that builds a site from the library is refused the same way. Pure.
 */
import { siteRegionRules } from "./azure-regions";
import { armIdProblems } from "./cloud/rules/arm";
import { tagRules } from "./azure-tags";
import type { SiteSpec } from "./site-defaults";
import { joinPath, type Problem } from "./validation";

/** Every problem of `args` that its type cannot say (empty when the site can be built). */
export function validateHybridSite(args: SiteSpec): Problem[] {
    const problems: Problem[] = [];
    const at = (path: string) => joinPath(args.configPath ?? "", path);
    const add = (path: (string | number)[], message: string) => problems.push({ path: joinPath(args.configPath ?? "", ...path), message });
    siteRegionRules(args, add);
    tagRules(args, add);
    const cold = args.edge.cold;
    if (cold.enabled && (cold.delivery ?? { mode: "direct" }).mode === "direct" && args.kubeconfig === undefined) {
        problems.push({ path: "kubeconfig", message: "is required when edge.cold.enabled is true with direct delivery (the edge volume is created on the Arc cluster), or deliver by GitOps (edge.cold.delivery.mode: gitops)" });
    }
    if (args.dr.enabled && args.dr.standbyDatabase === true) {
        if (args.serving.kind === "eventhouse" && args.dr.standby === undefined) {
            problems.push({ path: at("dr.standby"), message: "is required (workspaceId) for a Fabric standby database" });
        }
        if (args.serving.kind === "adx" && args.serving.clusterId !== undefined) {
            problems.push({ path: at("dr.standbyDatabase"), message: "needs a cluster of the site's own (serving.clusterId unset): a shared cluster's standby belongs to the platform" });
        }
    }
    if (args.serving.kind === "eventhouse" && args.serving.eventstreamSource === "customEndpoint" && args.serving.eventHubConnectionId !== undefined) {
        problems.push({ path: at("serving.eventstreamSource"), message: "customEndpoint has the edge write to the Eventstream, so it reads no Fabric connection: remove serving.eventHubConnectionId, or choose eventHubs" });
    }
    // Adopted resources are named from their ids while the site is built, so a malformed id is refused here.
    const adopted = [
        { path: "eventHubs.namespaceId", id: args.eventHubs.namespaceId, provider: "Microsoft.EventHub", type: "namespaces" },
        { path: "archive.storageAccountId", id: args.archive.storageAccountId, provider: "Microsoft.Storage", type: "storageAccounts" },
    ];
    for (const { path, id, provider, type } of adopted) {
        if (id !== undefined) {
            problems.push(...armIdProblems(id, provider, type, at(path)));
        }
    }
    return problems;
}
