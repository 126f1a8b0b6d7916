/**
 * Lookups over planned resources for the hop builders: resources by type, what an input refers to,
 * and the role assignments with their role, principal and scope resolved. Pure.
 */
import { ROLES, type RoleName } from "../cloud/rules/limits";
import type { DataPathInput, ResourceView } from "./hop-types";
import { GUID } from "../../kusto/text";

export const TYPES = {
    namespace: "azure-native:eventhub:Namespace",
    namespaceNetworkRuleSet: "azure-native:eventhub:NamespaceNetworkRuleSet",
    eventHub: "azure-native:eventhub:EventHub",
    consumerGroup: "azure-native:eventhub:ConsumerGroup",
    drConfig: "azure-native:eventhub:DisasterRecoveryConfig",
    storageAccount: "azure-native:storage:StorageAccount",
    container: "azure-native:storage:BlobContainer",
    lifecycle: "azure-native:storage:ManagementPolicy",
    roleAssignment: "azure-native:authorization:RoleAssignment",
    dataflowEndpoint: "azure-native:iotoperations:DataflowEndpoint",
    dataflow: "azure-native:iotoperations:Dataflow",
    adxConnection: "azure-native:kusto:EventHubDataConnection",
    adxDatabase: "azure-native:kusto:ReadWriteDatabase",
    adxCluster: "azure-native:kusto:Cluster",
    ingestSubvolume: "kubernetes:arccontainerstorage.azure.net/v1:IngestSubvolume",
    schema: "pulumi-nodejs:dynamic/kusto:KqlDatabaseSchema",
    eventstream: "pulumi-nodejs:dynamic/fabric:Eventstream",
    kqlDatabase: "pulumi-nodejs:dynamic/fabric:KqlDatabase",
    shortcut: "pulumi-nodejs:dynamic/fabric:OneLakeShortcut",
    dashboard: "pulumi-nodejs:dynamic/fabric:KqlDashboard",
    reflex: "pulumi-nodejs:dynamic/fabric:Reflex",
    sourceConnection: "pulumi-nodejs:dynamic/fabric:EventstreamSourceConnection",
    workspaceRole: "pulumi-nodejs:dynamic/fabric:WorkspaceRoleAssignment",
    managedPrivateEndpoint: "pulumi-nodejs:dynamic/fabric:ManagedPrivateEndpoint",
    connection: "pulumi-nodejs:dynamic/fabric:Connection",
    hubRule: "azure-native:eventhub:EventHubAuthorizationRule",
    namespaceRule: "azure-native:eventhub:NamespaceAuthorizationRule",
    schemaVersion: "azure-native:deviceregistry:SchemaVersion",
    registrySchema: "azure-native:deviceregistry:Schema",
} as const;

/** Read access to the planned resources. */
export class Plan {
    private readonly byUrn: Map<string, ResourceView>;
    constructor(readonly resources: readonly ResourceView[]) {
        this.byUrn = new Map(resources.map((r) => [r.urn, r]));
    }

    static of(input: DataPathInput): Plan {
        return new Plan(input.resources);
    }

    ofType(type: string): ResourceView[] {
        return this.resources.filter((r) => r.type === type);
    }

    get(urn: string | undefined | null): ResourceView | undefined {
        return urn === undefined || urn === null ? undefined : this.byUrn.get(urn);
    }

    /** The resources the value of `r`'s input `prop` came from. */
    referenced(r: ResourceView, prop: string): ResourceView[] {
        return (r.propertyDependencies[prop] ?? []).map((u) => this.byUrn.get(u)).filter((x): x is ResourceView => x !== undefined);
    }

    /** Whether `r` waits for `target` (directly, or through a dependency it waits for). */
    waitsFor(r: ResourceView, target: ResourceView, seen = new Set<string>()): boolean {
        if (r.dependencies.includes(target.urn)) {
            return true;
        }
        seen.add(r.urn);
        return r.dependencies.some((u) => {
            const dep = this.byUrn.get(u);
            return dep !== undefined && !seen.has(u) && this.waitsFor(dep, target, seen);
        });
    }

    /** The resource an ARM id (or a resource's own id input) names: `r` itself when it came from one, else matched by names in the id. */
    resolve(holder: ResourceView, prop: string, candidates: readonly string[]): ResourceView | undefined {
        const direct = this.referenced(holder, prop).find((r) => candidates.includes(r.type));
        if (direct) {
            return direct;
        }
        const value = holder.inputs[prop];
        return typeof value === "string" ? this.byArmId(value) : undefined;
    }

    /** The planned resource an ARM id names (event hub, namespace, storage account or container), if the plan creates it. */
    byArmId(id: string): ResourceView | undefined {
        const seg = (kind: string): string | undefined => {
            const m = new RegExp(`/${kind}/([^/]+)`, "i").exec(id);
            return m?.[1];
        };
        const [ns, hub, account, container] = [seg("namespaces"), seg("eventhubs"), seg("storageAccounts"), seg("containers")];
        const named = (type: string, match: (i: Record<string, unknown>) => boolean) => this.ofType(type).find((r) => match(r.inputs));
        if (ns && hub) return named(TYPES.eventHub, (i) => i.eventHubName === hub && i.namespaceName === ns);
        if (ns) return named(TYPES.namespace, (i) => i.namespaceName === ns);
        if (account && container) return named(TYPES.container, (i) => i.containerName === container && i.accountName === account);
        if (account) return named(TYPES.storageAccount, (i) => i.accountName === account);
        return undefined;
    }

    /** What encloses a resource for role scopes: an event hub's namespace, a container's account. */
    enclosing(r: ResourceView): ResourceView | undefined {
        if (r.type === TYPES.eventHub) return this.referenced(r, "namespaceName").find((x) => x.type === TYPES.namespace) ?? this.byArmId(`/namespaces/${String(r.inputs.namespaceName)}`);
        if (r.type === TYPES.container) return this.referenced(r, "accountName").find((x) => x.type === TYPES.storageAccount) ?? this.byArmId(`/storageAccounts/${String(r.inputs.accountName)}`);
        return undefined;
    }

    /** Every role assignment with its role, principal and scope resolved. */
    assignments(): Assignment[] {
        return this.ofType(TYPES.roleAssignment).map((r) => {
            const definition = typeof r.inputs.roleDefinitionId === "string" ? r.inputs.roleDefinitionId : "";
            const role = (Object.keys(ROLES) as RoleName[]).find((k) => definition.toLowerCase().endsWith(ROLES[k]));
            const principalId = typeof r.inputs.principalId === "string" && r.inputs.principalId !== "" ? r.inputs.principalId : undefined;
            return {
                resource: r,
                role,
                principalId,
                identityOf: this.referenced(r, "principalId")[0],
                scope: this.resolve(r, "scope", [TYPES.eventHub, TYPES.namespace, TYPES.storageAccount, TYPES.container]),
                scopeText: typeof r.inputs.scope === "string" ? r.inputs.scope : undefined,
            };
        });
    }

    /**
     * The assignments that give `principal` (an object id; any principal when undefined) one of
     * `roles` on `scope` or on what encloses it (an account-scope role covers its containers).
     */
    grants(roles: readonly RoleName[], scope: ResourceView, principal: { id?: string; identityOf?: ResourceView }): Assignment[] {
        const scopes = [scope, this.enclosing(scope)].filter((s): s is ResourceView => s !== undefined);
        return this.assignments().filter(
            (a) =>
                a.role !== undefined &&
                roles.includes(a.role) &&
                a.scope !== undefined &&
                scopes.some((s) => s.urn === a.scope?.urn) &&
                (principal.identityOf ? a.identityOf?.urn === principal.identityOf.urn : principal.id === undefined || a.principalId === principal.id),
        );
    }
}

/** A role assignment as the rules read it. */
export interface Assignment {
    resource: ResourceView;
    /** The built-in role, when it is one this project knows. */
    role?: RoleName;
    /** The object id, when known before deployment. */
    principalId?: string;
    /** The resource whose managed identity the principal is (an Event Hubs namespace for Capture). */
    identityOf?: ResourceView;
    /** The planned resource the scope names; undefined when it is outside the plan. */
    scope?: ResourceView;
    scopeText?: string;
}

/** A short object id for tables: the first block of a uuid. */
export function shortId(id: string | undefined): string {
    return id === undefined ? "(object id known after deployment)" : GUID.test(id) ? `${id.slice(0, 8)}...` : id;
}

/** A string input, or undefined when it is unknown until deployment (or absent). */
export function text(value: unknown): string | undefined {
    return typeof value === "string" ? value : undefined;
}
