/**
 * edge -> Eventstream: each AIO dataflow that writes to an Eventstream custom endpoint over Kafka
 * (port 9093, topic `es_<guid>`). With Entra ID the dataflow authenticates with the AIO extension's
 * managed identity, and Fabric authorizes it by its workspace role, Contributor or higher, not by Azure
 * IAM (https://learn.microsoft.com/fabric/real-time-intelligence/event-streams/custom-endpoint-entra-id-auth,
 * https://learn.microsoft.com/azure/iot-operations/connect-to-cloud/howto-configure-fabric-real-time-intelligence).
 * No key exists on this hop, and the Event Hubs namespace keeps local auth off.
 */
import type { DataPathInput, HopFacts, HopProblem, ResourceView } from "../hop-types";
import { Plan, shortId, text, TYPES } from "../resources";
import { SOURCES } from "../sources";
import { assetKeyOf, dataflowsOf, isEventstreamEndpoint } from "./edge-to-eventhubs";

/** Workspace roles that may write to a custom endpoint with Entra ID. */
const WRITER_ROLES = ["Admin", "Member", "Contributor"];

export function edgeToEventstream(input: DataPathInput): HopFacts[] {
    const plan = Plan.of(input);
    const endpoints = new Map(
        plan
            .ofType(TYPES.dataflowEndpoint)
            .filter((r) => isEventstreamEndpoint(plan, r))
            .map((r) => [text(r.inputs.dataflowEndpointName) ?? r.name, r] as const),
    );
    const aio = input.site.principals.aio;
    return dataflowsOf(plan).flatMap(({ flow, operations, destination }): HopFacts[] => {
        const endpoint = endpoints.get(destination?.endpointRef ?? "");
        if (!endpoint) {
            return [];
        }
        const address = plan.referenced(endpoint, "properties").find((r) => r.type === TYPES.sourceConnection) as ResourceView;
        const eventstream = plan.referenced(address, "eventstreamId").find((r) => r.type === TYPES.eventstream);
        const workspaceId = text(address.inputs.workspaceId);
        const method = (endpoint.inputs.properties as { kafkaSettings?: { authentication?: { method?: string } } } | undefined)?.kafkaSettings?.authentication?.method;
        const entra = method !== "Sasl";
        const asset = assetKeyOf(flow, operations);
        const problems: HopProblem[] = [...asset.problems];
        const writers = plan
            .ofType(TYPES.workspaceRole)
            .filter((r) => WRITER_ROLES.includes(String(r.inputs.role)) && (aio === undefined || r.inputs.principalId === aio) && (workspaceId === undefined || r.inputs.workspaceId === workspaceId));
        // A role the platform granted is outside the plan: `plan` trusts the site config that says so, and a
        // policy pack (which knows neither the identity nor that config) leaves the role to `plan`.
        const granted = input.site.preassigned.has("workspaceWriters");
        if (entra && !granted && aio !== undefined && writers.length === 0) {
            problems.push({
                aspect: "role",
                missing: `the AIO identity ${aio} has no Contributor (or higher) role on Fabric workspace ${workspaceId ?? "(the Eventstream's)"}, so the custom endpoint refuses its Kafka connection`,
                configPath: "edge.identity.principalId",
                fix: "set it to the object id of the AIO extension's identity: the site makes it Contributor on the workspace (serving.workspaceRolesGrantedBy: site); where the workspace's owner grants it, say so with serving.workspaceRolesGrantedBy: platform",
                source: SOURCES.customEndpointEntra,
            });
        }
        return [
            {
                id: `edge-eventstream:${String(flow.inputs.dataflowName)}`,
                hop: "edge -> Eventstream",
                producer: `AIO dataflow ${String(flow.inputs.dataflowName)} (instance ${String(flow.inputs.instanceName)})`,
                consumer: `custom endpoint of Eventstream ${text(eventstream?.inputs.displayName) ?? eventstream?.name ?? "(the site's)"} (Kafka topic es_<guid>, read from Fabric)`,
                transport: "Kafka over TLS, port 9093",
                principal: entra ? `AIO extension identity ${shortId(aio)}` : "SAS key in the endpoint's secret",
                auth: entra ? "entra-managed-identity" : "shared-access-key",
                role: entra ? { name: `Contributor (Fabric workspace role${granted ? ", granted by the platform" : ""})`, scope: `workspace ${workspaceId ?? "(the Eventstream's)"}` } : undefined,
                network: "public endpoint",
                assetKey: asset.text,
                problems,
            },
        ];
    });
}
