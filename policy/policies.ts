/**
 * The edge-fabric policies, kept apart from the `PolicyPack` entry point (`index.ts`) so they can be
 * unit-tested: constructing a `PolicyPack` starts the policy server the Pulumi CLI talks to.
 *
 * The pack checks what a reviewer would otherwise have to find by reading a preview: Entra ID only
 * (local/SAS and shared-key auth off, but for a tagged namespace whose only rules are hub-scoped
 * Listen rules), TLS 1.2, no public network access unless the resource opts in, and where it is off a
 * private path to the resource, a lifecycle policy on every archive account, a geo-DR pairing when the
 * site runs DR, and every hop of the data path by the rules of `edge-fabric plan` (`data-path.ts`).
 * It reads the resource inputs as azure-native 3.28 names them.
 */
import type { PolicyResource, ResourceValidationArgs, ResourceValidationPolicy, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { LISTEN_ONLY, LOCAL_AUTH_TAG, PUBLIC_ACCESS_TAG } from "../components/site-naming";
import { dataPathPolicy, privateConnectivity, sasListenOnly } from "./data-path";

export const EVENT_HUBS_NAMESPACE = "azure-native:eventhub:Namespace";
export const EVENT_HUBS_DR = "azure-native:eventhub:DisasterRecoveryConfig";
export const STORAGE_ACCOUNT = "azure-native:storage:StorageAccount";
export const MANAGEMENT_POLICY = "azure-native:storage:ManagementPolicy";
export const KUSTO_CLUSTER = "azure-native:kusto:Cluster";

/**
 * A resource may opt in to public network access with the Azure tag `PUBLIC_ACCESS_TAG` (value
 * `allowed`), so the exception is visible on the resource itself, or be listed by logical name in the
 * policy config `allowPublicNetworkAccess`. The site sets the same tags (`components/site-naming.ts`).
 */
export { LOCAL_AUTH_TAG, PUBLIC_ACCESS_TAG };

/** Policy config (`pulumi preview --policy-pack-config FILE`). */
export interface PublicAccessConfig {
    /** Logical resource names allowed to keep public network access. Default `[]`. */
    allowPublicNetworkAccess?: string[];
}
export interface DisasterRecoveryConfig {
    /** Require a geo-DR pairing even when the stack shows no other sign of DR. Default `false`. */
    requireDisasterRecovery?: boolean;
}

type Props = Record<string, unknown>;
type Check = (props: Props) => string | undefined;

/** A resource policy made of per-type checks, each returning a violation message or nothing. */
function perType(name: string, description: string, checks: Record<string, Check[]>, remediationSteps: string): ResourceValidationPolicy {
    return {
        name,
        description,
        enforcementLevel: "mandatory",
        remediationSteps,
        validateResource: (args: ResourceValidationArgs, report) => {
            for (const check of checks[args.type] ?? []) {
                const message = check(args.props as Props);
                if (message !== undefined) {
                    report(message);
                }
            }
        },
    };
}

const equals =
    (key: string, expected: unknown, what: string): Check =>
    (props) =>
        props[key] === expected ? undefined : `${what}: set ${key} to ${JSON.stringify(expected)} (got ${props[key] === undefined ? "nothing, and the service default is not it" : JSON.stringify(props[key])})`;

/** A namespace keeps local auth off, unless it carries the Listen-only exception's tag (`sas-listen-only` checks its rules). */
const namespaceLocalAuth: Check = (props) => {
    const tags = props.tags as Record<string, unknown> | undefined;
    return tags?.[LOCAL_AUTH_TAG] === LISTEN_ONLY ? undefined : equals("disableLocalAuth", true, `Event Hubs SAS keys bypass Entra ID (unless deliberately Listen-only: tag ${LOCAL_AUTH_TAG}=${LISTEN_ONLY})`)(props);
};

export const localAuthDisabled = perType(
    "local-auth-disabled",
    `Event Hubs namespaces disable local (SAS) auth, except one tagged ${LOCAL_AUTH_TAG}=${LISTEN_ONLY} for hub-scoped Listen rules, and storage accounts disable shared-key access: Entra ID only.`,
    {
        [EVENT_HUBS_NAMESPACE]: [namespaceLocalAuth],
        [STORAGE_ACCOUNT]: [equals("allowSharedKeyAccess", false, "storage account keys bypass Entra ID")],
    },
    "Use managed identities and RBAC roles (Event Hubs Data Sender/Receiver, Storage Blob Data Contributor) instead of keys.",
);

export const tls12 = perType(
    "tls-1-2",
    "Event Hubs namespaces and storage accounts require TLS 1.2 or later, storage over HTTPS only.",
    {
        [EVENT_HUBS_NAMESPACE]: [equals("minimumTlsVersion", "1.2", "TLS below 1.2 is allowed")],
        [STORAGE_ACCOUNT]: [
            equals("minimumTlsVersion", "TLS1_2", "TLS below 1.2 is allowed"),
            (props) => (props.enableHttpsTrafficOnly === false ? "plain HTTP is allowed: do not set enableHttpsTrafficOnly to false" : undefined),
        ],
    },
    "Set minimumTlsVersion (Event Hubs '1.2', storage 'TLS1_2').",
);

function tagged(props: Props): boolean {
    const tags = props.tags as Record<string, unknown> | undefined;
    return tags?.[PUBLIC_ACCESS_TAG] === "allowed";
}

export const noPublicNetworkAccess: ResourceValidationPolicy = {
    name: "no-public-network-access",
    description: `Event Hubs namespaces, storage accounts and ADX clusters disable public network access, unless tagged ${PUBLIC_ACCESS_TAG}=allowed or listed in allowPublicNetworkAccess.`,
    enforcementLevel: "mandatory",
    configSchema: { properties: { allowPublicNetworkAccess: { type: "array", items: { type: "string" }, default: [] } } },
    remediationSteps: "Set publicNetworkAccess to 'Disabled' and reach the resource over a private endpoint, or make the exception deliberate (site config network.publicNetworkAccess: true).",
    validateResource: (args: ResourceValidationArgs, report) => {
        if (![EVENT_HUBS_NAMESPACE, STORAGE_ACCOUNT, KUSTO_CLUSTER].includes(args.type)) {
            return;
        }
        const props = args.props as Props;
        const allowed = args.getConfig<PublicAccessConfig>().allowPublicNetworkAccess ?? [];
        if (props.publicNetworkAccess === "Disabled" || tagged(props) || allowed.includes(args.name)) {
            return;
        }
        report(`public network access is ${props.publicNetworkAccess === undefined ? "on (the service default)" : JSON.stringify(props.publicNetworkAccess)}: set publicNetworkAccess to "Disabled", or allow it deliberately (tag ${PUBLIC_ACCESS_TAG}=allowed)`);
        if (args.type === STORAGE_ACCOUNT && props.allowBlobPublicAccess !== false) {
            report("anonymous blob access is not disabled: set allowBlobPublicAccess to false");
        }
    },
};

/** Whether `dependent` refers to `target`: by dependency, or by name/id in one of its inputs. */
function refersTo(dependent: PolicyResource, target: PolicyResource, keys: string[]): boolean {
    if (dependent.dependencies.some((d) => d.urn === target.urn)) {
        return true;
    }
    const targetProps = target.props as Props;
    const name = targetProps.accountName ?? targetProps.namespaceName ?? targetProps.clusterName;
    return keys.some((k) => {
        const v = (dependent.props as Props)[k];
        return typeof v === "string" && typeof name === "string" && (v === name || v.endsWith(`/${name}`));
    });
}

function hasTieringRule(policy: PolicyResource): boolean {
    const rules = (policy.props.policy as { rules?: { enabled?: boolean; definition?: { actions?: { baseBlob?: Props } } }[] } | undefined)?.rules ?? [];
    return rules.some((r) => r.enabled !== false && Object.keys(r.definition?.actions?.baseBlob ?? {}).some((a) => a.startsWith("tierTo") || a === "delete"));
}

export const archiveLifecycle: StackValidationPolicy = {
    name: "archive-lifecycle",
    description: "Every storage account the stack creates has a lifecycle management policy that tiers or deletes blobs.",
    enforcementLevel: "mandatory",
    remediationSteps: "Add a storage ManagementPolicy for the account (ArchiveStorage does this from archive.lifecycle).",
    validateStack: (args: StackValidationArgs, report) => {
        const policies = args.resources.filter((r) => r.type === MANAGEMENT_POLICY);
        for (const account of args.resources.filter((r) => r.type === STORAGE_ACCOUNT)) {
            const mine = policies.filter((p) => refersTo(p, account, ["accountName"]));
            if (mine.length === 0) {
                report(`storage account ${account.name} has no lifecycle management policy: archived data would stay in its first tier forever`, account.urn);
            } else if (!mine.some(hasTieringRule)) {
                report(`storage account ${account.name}: its lifecycle policy has no enabled rule that tiers or deletes base blobs`, account.urn);
            }
        }
    },
};

const GEO_SKUS = ["Standard_GRS", "Standard_RAGRS", "Standard_GZRS", "Standard_RAGZRS"];

export const disasterRecoveryPairing: StackValidationPolicy = {
    name: "dr-pairing",
    description: "When the site runs DR (a second namespace, a DR config, or requireDisasterRecovery), each Event Hubs namespace pair has a geo-DR alias across two regions, and storage is geo-redundant.",
    enforcementLevel: "mandatory",
    configSchema: { properties: { requireDisasterRecovery: { type: "boolean", default: false } } },
    remediationSteps: "Enable dr in the site config: DisasterRecovery creates the secondary namespace in the paired region and the geo-DR alias.",
    validateStack: (args: StackValidationArgs, report) => {
        const namespaces = args.resources.filter((r) => r.type === EVENT_HUBS_NAMESPACE);
        const pairings = args.resources.filter((r) => r.type === EVENT_HUBS_DR);
        const required = args.getConfig<DisasterRecoveryConfig>().requireDisasterRecovery === true;
        if (!required && namespaces.length < 2 && pairings.length === 0) {
            return;
        }
        if (namespaces.length > 0 && pairings.length === 0) {
            report(`DR is on but no Event Hubs geo-DR alias (${EVENT_HUBS_DR}) pairs the namespaces ${namespaces.map((n) => n.name).join(", ")}`);
        }
        for (const pairing of pairings) {
            const primary = namespaces.find((n) => refersTo(pairing, n, ["namespaceName"]));
            const partner = namespaces.find((n) => n !== primary && refersTo(pairing, n, ["partnerNamespace"]));
            if (pairing.props.partnerNamespace === undefined && partner === undefined) {
                report(`geo-DR alias ${pairing.name} has no partnerNamespace`, pairing.urn);
            } else if (primary && partner && primary.props.location !== undefined && primary.props.location === partner.props.location) {
                report(`geo-DR alias ${pairing.name} pairs ${primary.name} and ${partner.name} in the same region (${String(primary.props.location)}): a regional outage takes both`, pairing.urn);
            }
        }
        for (const account of args.resources.filter((r) => r.type === STORAGE_ACCOUNT)) {
            const sku = (account.props.sku as { name?: unknown } | undefined)?.name;
            if (typeof sku === "string" && !GEO_SKUS.includes(sku)) {
                report(`storage account ${account.name} is ${sku} while DR is on: use a geo-redundant SKU (${GEO_SKUS.join(", ")})`, account.urn);
            }
        }
    },
};

export const policies = [localAuthDisabled, tls12, noPublicNetworkAccess, archiveLifecycle, disasterRecoveryPairing, privateConnectivity, sasListenOnly, dataPathPolicy];
