/** ARM resource ids: parsing the ids users pass to adopt existing resources. Pure. */
import { type Problem, ValidationError } from "../../validation";
import { ROLES, type RoleName } from "./limits";

export interface ArmResourceRef {
    subscriptionId: string;
    resourceGroupName: string;
    name: string;
}

const SEGMENT = "([^/]+)";

/** A subnet's ARM id; the first group is its VNet's id. */
export const SUBNET_ID = /^(\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/virtualNetworks\/[^/]+)\/subnets\/[^/]+$/i;
/** The shape `SUBNET_ID` wants, for error messages. */
export const SUBNET_ID_SHAPE = "/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>";

/**
 * Parses `/subscriptions/<sub>/resourceGroups/<rg>/providers/<provider>/<type>/<name>`, checking the
 * provider and type (case-insensitive, as ARM is). `prop` names the arg in the error.
 */
export function parseArmId(id: string, provider: string, type: string, prop: string): ArmResourceRef {
    const match = armIdMatch(id, provider, type);
    if (!match) {
        throw new ValidationError("adopt existing", armIdProblems(id, provider, type, prop));
    }
    return { subscriptionId: match[1], resourceGroupName: match[2], name: match[3] };
}

function armIdMatch(id: string, provider: string, type: string): RegExpExecArray | null {
    return new RegExp(`^/subscriptions/${SEGMENT}/resourceGroups/${SEGMENT}/providers/${provider}/${type}/${SEGMENT}$`, "i").exec(id.trim());
}

/** The problem of `id` at `prop` when it is not the ARM id of a `provider`/`type` (empty when it is). */
export function armIdProblems(id: string, provider: string, type: string, prop: string): Problem[] {
    return armIdMatch(id, provider, type)
        ? []
        : [{ path: prop, message: `"${id}" is not the ARM id of a ${provider}/${type}; expected /subscriptions/<subscription>/resourceGroups/<group>/providers/${provider}/${type}/<name> (az resource show --query id)` }];
}

/** The subscription-scoped id of a built-in role, as `authorization.RoleAssignment.roleDefinitionId` takes it. */
export function roleDefinitionId(subscriptionId: string, role: RoleName): string {
    return `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${ROLES[role]}`;
}

/** Default DNS suffix of Event Hubs namespaces and aliases in Azure public cloud. */
export const SERVICE_BUS_DNS_SUFFIX = "servicebus.windows.net";

/** Host name of an Event Hubs namespace or geo-DR alias (`<label>.<suffix>`); Kafka clients add `:9093`. */
export function eventHubsHost(label: string, dnsSuffix: string = SERVICE_BUS_DNS_SUFFIX): string {
    return `${label}.${dnsSuffix}`;
}
