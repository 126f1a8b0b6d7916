/**
 * `SharedAdxCluster`: an Azure Data Explorer cluster the platform owns and many sites put their
 * databases on (`serving.kind: adx` with `clusterId`, `queryUri` and `principalId` from the platform's
 * outputs). The cluster has the settings of a site's own cluster (system-assigned identity, disk
 * encryption, purge off, a deliberate public network access). Each site deployer gets what a site's
 * stack does on a cluster it does not own:
 * - Contributor on the cluster (ARM): creating and deleting a database needs "at least Contributor
 *   Azure Resource Manager (ARM) permissions on the cluster"
 *   (https://learn.microsoft.com/azure/data-explorer/manage-database-permissions);
 * - AllDatabasesAdmin (a cluster principal assignment): the site applies its medallion schema and
 *   sets the database's managed identity policy that lets the export run as the cluster's identity
 *   (https://learn.microsoft.com/azure/data-explorer/manage-cluster-permissions).
 * The cluster's identity reads each site's hub and writes each site's archive; the sites grant those
 * roles on their own resources from the `principalId` output.
 */
import * as pulumi from "@pulumi/pulumi";
import * as kusto from "@pulumi/azure-native/kusto";
import { secureClusterArgs, type AdxClusterArgs } from "../cloud/adx-database";
import { RoleGranter, checkPrincipals, type PrincipalRef } from "../cloud/roles";
import { Problems, ValidationError, type Problem } from "../validation";

export interface SharedAdxClusterArgs extends AdxClusterArgs {
    /**
     * The site stacks' deploying principals (service principals or managed identities): Contributor on
     * the cluster and AllDatabasesAdmin. Defaults to none (then grant them outside the stack).
     */
    siteDeployers?: PrincipalRef[];
}

/** ADX cluster names: 4-22 lowercase letters and digits, starting with a letter (ARM naming rules for Microsoft.Kusto). */
const CLUSTER_NAME = /^[a-z][a-z0-9]{3,21}$/;

/** Every problem with the args, each naming the arg and the rule. Pure. */
export function validateSharedAdxClusterArgs(args: SharedAdxClusterArgs): Problem[] {
    const p = new Problems("SharedAdxCluster");
    if (typeof args.name === "string") {
        p.require(CLUSTER_NAME.test(args.name), "name", `must be 4-22 lowercase letters and digits starting with a letter, got "${args.name}"`);
    }
    p.require(["Enabled", "Disabled"].includes(args.publicNetworkAccess), "publicNetworkAccess", `must be "Enabled" or "Disabled" (a deliberate choice), got "${String(args.publicNetworkAccess)}"`);
    if (typeof args.capacity === "number") {
        // Dev SKUs run one instance; production SKUs need two for the SLA (https://learn.microsoft.com/azure/data-explorer/manage-cluster-choose-sku).
        const dev = typeof args.skuName === "string" && args.skuName.startsWith("Dev");
        p.integerIn(args.capacity, "capacity", dev ? 1 : 2, dev ? 1 : 1000, dev ? "a Dev SKU runs one instance" : "2 instances are the minimum with an SLA");
    }
    checkPrincipals(p, args.siteDeployers, "siteDeployers");
    return [...p.all];
}

/** A shared ADX cluster with its site deployers' rights. Type token `edge-fabric:platform:SharedAdxCluster`. */
export class SharedAdxCluster extends pulumi.ComponentResource {
    /** ARM id of the cluster: a site's `serving.clusterId`. */
    readonly clusterId: pulumi.Output<string>;
    /** Query URI `https://<name>.<region>.kusto.windows.net`: a site's `serving.queryUri`. */
    readonly queryUri: pulumi.Output<string>;
    /** Object id of the cluster's system-assigned identity: a site's `serving.principalId`. */
    readonly principalId: pulumi.Output<string>;

    constructor(name: string, args: SharedAdxClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validated before registering anything, so refused args leave no half-built component.
        ValidationError.throwIfAny(`SharedAdxCluster "${name}"`, validateSharedAdxClusterArgs(args));
        super("edge-fabric:platform:SharedAdxCluster", name, {}, opts);
        const cluster = new kusto.Cluster(`${name}-cluster`, secureClusterArgs(args), { parent: this });
        this.clusterId = cluster.id;
        this.queryUri = cluster.uri;
        this.principalId = cluster.identity.apply((i) => i?.principalId ?? "");
        const roles = new RoleGranter(this);
        for (const deployer of args.siteDeployers ?? []) {
            roles.grant(`${name}-contributor-${deployer.name}`, deployer, "contributor", cluster.id, `site deployer ${deployer.name} creates and deletes its database`);
            new kusto.ClusterPrincipalAssignment(
                `${name}-admin-${deployer.name}`,
                {
                    clusterName: cluster.name,
                    resourceGroupName: args.resourceGroupName,
                    principalAssignmentName: `site-deployer-${deployer.name}`,
                    principalId: deployer.principalId,
                    // A cluster principal assignment names service principals and managed identities "App".
                    principalType: deployer.principalType === "User" ? "User" : deployer.principalType === "Group" ? "Group" : "App",
                    role: "AllDatabasesAdmin",
                },
                { parent: this },
            );
        }
        this.registerOutputs({ clusterId: this.clusterId, queryUri: this.queryUri, principalId: this.principalId });
    }
}
