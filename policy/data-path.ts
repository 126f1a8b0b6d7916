/**
 * The data path's policies: the hop rules `edge-fabric plan` runs (`components/data-path`, pure
 * functions) run here over the resources of `pulumi preview`, so a pull request that breaks a hop
 * fails its preview with the same message `plan` prints; and the narrow exceptions the design needs
 * (private connectivity where public access is off, a hub-scoped Listen-only SAS rule where local auth
 * is on) are checked across resources.
 */
import type { PolicyResource, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { dataPathHops, describeFailures, type ResourceView } from "../components/data-path";
import { hasPrivateEndpoint, letsTrustedServicesIn, targetName } from "../components/data-path/hops/network";
import { Plan, text, TYPES } from "../components/data-path/resources";
import { LISTEN_ONLY, LOCAL_AUTH_TAG } from "../components/site-naming";

/** The sentinels Pulumi's engine sends for values unknown during preview (pulumi/pulumi `sdk/go/common/resource/plugin/rpc.go`). */
const UNKNOWN_SENTINELS = new Set([
    "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
    "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
    "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
    "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
    "030794c1-ac77-496b-92df-f27374a8bd58",
    "e48ece36-62e2-4504-bad9-02848725956a",
    "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
]);

/**
 * @pulumi/policy hands props through a proxy that throws on reading an unknown value, which would turn
 * the whole policy advisory in every first preview; the proxy gives its target under this key.
 */
const PROXY_TARGET = "__getSpecialProxyTarget";

/** A plain copy of `value`: proxies unwrapped, unknown values as `{ __pulumiUnknown: true }` (what the hop rules treat as unknown). */
export function plainValue(value: unknown): unknown {
    if (typeof value === "string") {
        return UNKNOWN_SENTINELS.has(value) ? { __pulumiUnknown: true } : value;
    }
    if (value === null || typeof value !== "object") {
        return value;
    }
    const target = (value as Record<string, unknown>)[PROXY_TARGET] ?? value;
    if (Array.isArray(target)) {
        return target.map(plainValue);
    }
    return Object.fromEntries(Object.entries(target).map(([k, v]) => [k, plainValue(v)]));
}

/** The stack's resources as the hop rules read them. */
export function resourceViews(resources: readonly PolicyResource[]): ResourceView[] {
    return resources.map((r) => ({
        urn: r.urn,
        type: r.type,
        name: r.name,
        inputs: plainValue(r.props ?? {}) as Record<string, unknown>,
        propertyDependencies: Object.fromEntries(Object.entries(r.propertyDependencies ?? {}).map(([k, deps]) => [k, deps.map((d) => d.urn)])),
        dependencies: (r.dependencies ?? []).map((d) => d.urn),
        parent: r.parent?.urn,
    }));
}

/** A mandatory stack policy over the stack's resources as the hop rules read them (`Plan`). */
export function planPolicy(name: string, description: string, remediationSteps: string, validate: (plan: Plan, report: (message: string, urn?: string) => void) => void): StackValidationPolicy {
    return {
        name,
        description,
        enforcementLevel: "mandatory",
        remediationSteps,
        validateStack: (args: StackValidationArgs, report) => validate(new Plan(resourceViews(args.resources)), report),
    };
}

export const dataPathPolicy = planPolicy(
    "data-path-hops",
    "Every hop of the site's data path can work: identity, auth mode, role and scope, network path and asset key, by the rules of `edge-fabric plan` (access.json).",
    "Run `npm run plan` on the site's stack file: it prints the same hops as a table, and each failing hop names the config path that fixes it.",
    (plan, report) => {
        // What only the site config knows (object ids, access granted outside the stack) is left
        // unknown: the rules check what the resources alone prove.
        for (const line of describeFailures(dataPathHops({ resources: plan.resources, site: { principals: {}, preassigned: new Set() } }))) {
            report(line);
        }
    },
);

/**
 * Public access off is a choice that needs a private path: a private endpoint (the plant), a Fabric
 * managed private endpoint (an Eventstream) or a trusted-service exception (Capture, an ADX cluster).
 * Without any, every hop to the resource is refused
 * (https://learn.microsoft.com/azure/event-hubs/private-link-service,
 * https://learn.microsoft.com/azure/storage/common/storage-network-security-overview).
 */
export const privateConnectivity = planPolicy(
    "private-connectivity",
    "An Event Hubs namespace or storage account with public network access off is reachable privately: a private endpoint, a Fabric managed private endpoint or a trusted-service exception.",
    "Give the site network.private.subnetId (private endpoints and DNS), or set network.publicNetworkAccess: true deliberately.",
    (plan, report) => {
        for (const target of [...plan.ofType(TYPES.namespace), ...plan.ofType(TYPES.storageAccount)]) {
            if (target.inputs.publicNetworkAccess !== "Disabled") {
                continue;
            }
            const managed = plan.ofType(TYPES.managedPrivateEndpoint).some((m) => plan.referenced(m, "targetPrivateLinkResourceId").some((r) => r.urn === target.urn));
            if (!hasPrivateEndpoint(plan, target) && !managed && !letsTrustedServicesIn(plan, target)) {
                report(`${targetName(target)} has public network access off and nothing reaches it privately (no private endpoint, no Fabric managed private endpoint, no trusted-service exception): every hop to it is refused`, target.urn);
            }
        }
    },
);

/**
 * Local (SAS) auth is accepted only as the narrow exception the SAS option needs: the namespace says so
 * with its tag, and its only rules are hub-scoped and Listen-only. A namespace-wide rule's key opens every
 * hub, and Send or Manage rights let a key holder write or reconfigure
 * (https://learn.microsoft.com/azure/event-hubs/authenticate-shared-access-signature).
 */
export const sasListenOnly = planPolicy(
    "sas-listen-only",
    `Shared access rules are hub-scoped and Listen-only, and exist only on a namespace tagged ${LOCAL_AUTH_TAG}=${LISTEN_ONLY}; no namespace-wide rule.`,
    "Read with Entra ID (the default); where a reader takes a key only, give it one Listen rule on its event hub and tag the namespace.",
    (plan, report) => {
        for (const rule of plan.ofType(TYPES.namespaceRule)) {
            report(`namespace-wide shared access rule ${text(rule.inputs.authorizationRuleName) ?? rule.name}: its key opens every event hub of the namespace; use a Listen rule on the one event hub instead`, rule.urn);
        }
        const hubRules = plan.ofType(TYPES.hubRule);
        for (const rule of hubRules) {
            const rights = Array.isArray(rule.inputs.rights) ? (rule.inputs.rights as unknown[]).map(String) : [];
            if (rights.length !== 1 || rights[0] !== "Listen") {
                report(`shared access rule ${text(rule.inputs.authorizationRuleName) ?? rule.name} grants ${rights.join(", ") || "no rights"}: a reader's key needs Listen only`, rule.urn);
            }
        }
        for (const namespace of plan.ofType(TYPES.namespace)) {
            if (namespace.inputs.disableLocalAuth === true) {
                continue;
            }
            const tags = namespace.inputs.tags as Record<string, unknown> | undefined;
            const rules = hubRules.filter((r) => plan.referenced(r, "namespaceName").some((n) => n.urn === namespace.urn));
            // Untagged, `local-auth-disabled` reports it.
            if (tags?.[LOCAL_AUTH_TAG] === LISTEN_ONLY && rules.length === 0) {
                report(`namespace ${targetName(namespace)} has local (SAS) auth on for Listen-only rules, but the stack creates none: turn local auth off`, namespace.urn);
            }
        }
    },
);
