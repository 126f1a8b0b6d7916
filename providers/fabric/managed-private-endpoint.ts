/**
 * Fabric workspace managed private endpoints (`specs/fabric/platform/swagger.json`,
 * `ManagedPrivateEndpoints_*`; bodies in `specs/fabric/platform/definitions/managedPrivateEndpoint.json`):
 * `POST /workspaces/{id}/managedPrivateEndpoints` answers 201, `GET` reads the provisioning and
 * connection state, `DELETE` removes it. Nothing can be patched, so every change is a replacement.
 *
 * This is how an Eventstream reaches an Event Hubs namespace whose public access is off: "a managed
 * private endpoint ... created by a workspace admin" on an F SKU or trial capacity, then approved on
 * the namespace (https://learn.microsoft.com/fabric/real-time-intelligence/event-streams/set-up-private-endpoint).
 * Creating it leaves the connection `Pending`: the namespace's owner approves it (portal, or
 * `az network private-endpoint-connection approve`). The outputs carry the state so `plan` and a
 * refresh show whether it still waits.
 *
 * Resource and import id: `<workspaceId>/<managedPrivateEndpointId>`.
 */
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_FABRIC_API, clientForInputs } from "./client";
import type { FabricClientInputs } from "./client";
import type { FabricClientOptions } from "./client-options";
import { FabricApiError, unlessNotFound } from "./errors";
import { GUID } from "../../kusto/text";
import { parseItemId } from "./items";
import type { FabricClientArgs, FabricResourceProvider } from "./items";

export interface ManagedPrivateEndpointInputs extends FabricClientInputs {
    /** Fabric REST base URL. Default `https://api.fabric.microsoft.com/v1`. */
    apiBaseUrl: string;
    workspaceId: string;
    /** At most 64 characters, unique in the workspace. */
    name: string;
    /** ARM id of the private-link resource (an Event Hubs namespace, a storage account). */
    targetPrivateLinkResourceId: string;
    /** Its private-link sub-resource: `namespace` for Event Hubs, `blob` for Blob storage. */
    targetSubresourceType: string;
    /** Shown to whoever approves the request; at most 140 characters. Default "". */
    requestMessage: string;
}

/** `ConnectionStatus` of the spec. */
export type PrivateEndpointStatus = "Pending" | "Approved" | "Rejected" | "Disconnected";

export interface ManagedPrivateEndpointOutputs extends ManagedPrivateEndpointInputs {
    managedPrivateEndpointId: string;
    /** `Provisioning`, `Succeeded`, `Updating`, `Deleting` or `Failed`. */
    provisioningState: string;
    /** Whether the target's owner approved it; `Pending` until then. */
    connectionStatus: PrivateEndpointStatus;
}

interface EndpointBody {
    id: string;
    name?: string;
    targetPrivateLinkResourceId?: string;
    targetSubresourceType?: string;
    provisioningState?: string;
    connectionState?: { status?: PrivateEndpointStatus; description?: string };
}

const ARM_ID = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/[^/]+\/[^/]+\/[^/]+$/i;
const REPLACE_KEYS = ["workspaceId", "name", "targetPrivateLinkResourceId", "targetSubresourceType", "requestMessage"] as const;

function defaults(inputs: ManagedPrivateEndpointInputs): ManagedPrivateEndpointInputs {
    return { ...inputs, apiBaseUrl: inputs.apiBaseUrl || DEFAULT_FABRIC_API, requestMessage: inputs.requestMessage ?? "" };
}

/** Problems with the inputs as `{ property, reason }`; empty when valid. Pure. */
export function validateManagedPrivateEndpoint(inputs: ManagedPrivateEndpointInputs): { property: string; reason: string }[] {
    const failures: { property: string; reason: string }[] = [];
    if (!GUID.test(inputs.workspaceId ?? "")) {
        failures.push({ property: "workspaceId", reason: `must be a workspace GUID, got "${inputs.workspaceId}"` });
    }
    if (!inputs.name || inputs.name.length > 64) {
        failures.push({ property: "name", reason: "must be 1 to 64 characters" });
    }
    if (!ARM_ID.test(inputs.targetPrivateLinkResourceId ?? "")) {
        failures.push({ property: "targetPrivateLinkResourceId", reason: `must be the ARM id of the target resource (/subscriptions/.../providers/<namespace>/<type>/<name>), got "${inputs.targetPrivateLinkResourceId}"` });
    }
    if (!inputs.targetSubresourceType) {
        failures.push({ property: "targetSubresourceType", reason: "must name the private-link sub-resource (namespace for Event Hubs, blob for Blob storage)" });
    }
    if ((inputs.requestMessage ?? "").length > 140) {
        failures.push({ property: "requestMessage", reason: "must be at most 140 characters" });
    }
    return failures;
}

function outputsOf(inputs: ManagedPrivateEndpointInputs, body: EndpointBody): ManagedPrivateEndpointOutputs {
    return { ...inputs, managedPrivateEndpointId: body.id, provisioningState: body.provisioningState ?? "Provisioning", connectionStatus: body.connectionState?.status ?? "Pending" };
}

/** The managed private endpoint dynamic provider; `options` configure its Fabric client (token, delays, stats). */
export function managedPrivateEndpointProvider(options: Omit<FabricClientOptions, "baseUrl"> = {}): FabricResourceProvider<ManagedPrivateEndpointInputs, ManagedPrivateEndpointOutputs> {
    const clientFor = (inputs: FabricClientInputs) => clientForInputs(options, inputs);
    const collection = (workspaceId: string) => `/workspaces/${workspaceId}/managedPrivateEndpoints`;
    const endpointPath = (id: string) => {
        const { workspaceId, itemId } = parseItemId(id, "managed private endpoint", "managedPrivateEndpointId");
        return { workspaceId, path: `${collection(workspaceId)}/${itemId}` };
    };

    return {
        check(_olds, news) {
            const inputs = defaults(news);
            return Promise.resolve({ inputs, failures: validateManagedPrivateEndpoint(inputs) });
        },

        diff(_id, olds, news) {
            const inputs = defaults(news);
            const replaces = REPLACE_KEYS.filter((k) => (olds[k] ?? "") !== (inputs[k] ?? ""));
            // Names are unique per workspace: a same-named replacement must delete first.
            return Promise.resolve({ changes: replaces.length > 0, replaces: [...replaces], deleteBeforeReplace: replaces.length > 0 && olds.name === inputs.name && olds.workspaceId === inputs.workspaceId });
        },

        async create(raw) {
            const inputs = defaults(raw);
            const client = clientFor(inputs);
            let created: EndpointBody | undefined;
            try {
                created = (
                    await client.post<EndpointBody>(collection(inputs.workspaceId), {
                        name: inputs.name,
                        targetPrivateLinkResourceId: inputs.targetPrivateLinkResourceId,
                        targetSubresourceType: inputs.targetSubresourceType,
                        ...(inputs.requestMessage ? { requestMessage: inputs.requestMessage } : {}),
                    })
                ).body;
            } catch (err) {
                if (err instanceof FabricApiError && (err.status === 403 || err.status === 400)) {
                    throw err.withHint(
                        `Creating a managed private endpoint needs the workspace Admin role and a workspace on an F SKU or trial capacity (https://learn.microsoft.com/fabric/security/security-managed-private-endpoints-overview).`,
                    );
                }
                throw err;
            }
            if (!created?.id) {
                throw new Error(`Fabric API POST ${client.baseUrl}${collection(inputs.workspaceId)} returned no managed private endpoint id`);
            }
            return { id: `${inputs.workspaceId}/${created.id}`, outs: outputsOf(inputs, created) };
        },

        async read(id, props) {
            const { workspaceId, path } = endpointPath(id);
            const live = await unlessNotFound(clientFor(props ?? {}).get<EndpointBody>(path));
            if (!live) {
                return {};
            }
            const inputs = defaults({
                apiBaseUrl: props?.apiBaseUrl ?? DEFAULT_FABRIC_API,
                workspaceId,
                name: live.name ?? props?.name ?? "",
                targetPrivateLinkResourceId: live.targetPrivateLinkResourceId ?? props?.targetPrivateLinkResourceId ?? "",
                targetSubresourceType: live.targetSubresourceType ?? props?.targetSubresourceType ?? "",
                // The service does not return the request message.
                requestMessage: props?.requestMessage ?? "",
            });
            return { id, props: outputsOf(inputs, live), inputs };
        },

        update(_id, olds) {
            // diff replaces on every input, so an update only refreshes nothing; keep state as is.
            return Promise.resolve({ outs: olds });
        },

        async delete(id, props) {
            await unlessNotFound(clientFor(props).delete(endpointPath(id).path));
        },
    };
}

const defaultProvider = managedPrivateEndpointProvider();

export interface FabricManagedPrivateEndpointArgs extends FabricClientArgs {
    workspaceId: pulumi.Input<string>;
    /** At most 64 characters, unique in the workspace. */
    name: pulumi.Input<string>;
    /** ARM id of the target (Event Hubs namespace, storage account). */
    targetPrivateLinkResourceId: pulumi.Input<string>;
    /** `namespace` (Event Hubs) or `blob` (Blob storage). */
    targetSubresourceType: pulumi.Input<string>;
    /** Shown to the approver, at most 140 characters. Default "". */
    requestMessage?: pulumi.Input<string>;
}

/**
 * A Fabric workspace managed private endpoint. Type token
 * `pulumi-nodejs:dynamic/fabric:ManagedPrivateEndpoint`; import id `<workspaceId>/<managedPrivateEndpointId>`.
 */
export class FabricManagedPrivateEndpoint extends pulumi.dynamic.Resource {
    declare readonly managedPrivateEndpointId: pulumi.Output<string>;
    declare readonly connectionStatus: pulumi.Output<PrivateEndpointStatus>;

    constructor(name: string, args: FabricManagedPrivateEndpointArgs, opts?: pulumi.CustomResourceOptions) {
        super(defaultProvider, name, { requestMessage: "", apiBaseUrl: undefined, ...args, managedPrivateEndpointId: undefined, provisioningState: undefined, connectionStatus: undefined }, opts, "fabric", "ManagedPrivateEndpoint");
    }
}
