/**
 * A Fabric workspace identity (`specs/fabric/platform/swagger.json`: `Workspaces_ProvisionIdentity`,
 * `Workspaces_DeprovisionIdentity`): an Entra service principal that belongs to the workspace, which
 * Fabric items use to reach firewall-protected storage (trusted workspace access) and which Azure
 * roles can be granted to. Both calls are long-running (200, or 202 + `Location` + `Retry-After`);
 * the provisioned identity is `WorkspaceIdentity` (`applicationId`, `servicePrincipalId`), also shown
 * by `GET /workspaces/{id}` as `workspaceIdentity`.
 *
 * A workspace has at most one identity. When it already has one, create adopts it, and delete leaves
 * it in place: other items may already depend on an identity the stack did not create.
 *
 * Resource and import id: the workspace id.
 * https://learn.microsoft.com/fabric/security/workspace-identity
 */
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_FABRIC_API, clientForInputs } from "./client";
import type { FabricClient, FabricClientInputs } from "./client";
import type { FabricClientOptions } from "./client-options";
import { checkLimitInputs } from "../deadline";
import { unlessNotFound } from "./errors";
import { GUID } from "../../kusto/text";
import type { FabricClientArgs, FabricResourceProvider } from "./items";

export interface WorkspaceIdentityInputs extends FabricClientInputs {
    /** Fabric REST base URL. Default `https://api.fabric.microsoft.com/v1`. */
    apiBaseUrl: string;
    workspaceId: string;
}

export interface WorkspaceIdentityOutputs extends WorkspaceIdentityInputs {
    /** Entra application (client) id of the identity. */
    applicationId: string;
    /** Entra object id of its service principal: the principal Azure role assignments name. */
    servicePrincipalId: string;
    /** True when the workspace already had the identity; delete then leaves it. */
    adopted: boolean;
}

interface IdentityBody {
    applicationId: string;
    servicePrincipalId: string;
}

function defaults(inputs: WorkspaceIdentityInputs): WorkspaceIdentityInputs {
    return { ...inputs, apiBaseUrl: inputs.apiBaseUrl || DEFAULT_FABRIC_API };
}

/** The workspace-identity dynamic provider; `options` configure its Fabric client (token, delays, stats). */
export function workspaceIdentityProvider(options: Omit<FabricClientOptions, "baseUrl"> = {}): FabricResourceProvider<WorkspaceIdentityInputs, WorkspaceIdentityOutputs> {
    const clientFor = (inputs: FabricClientInputs) => clientForInputs(options, inputs);
    const live = async (client: FabricClient, workspaceId: string) => (await unlessNotFound(client.get<{ workspaceIdentity?: IdentityBody }>(`/workspaces/${workspaceId}`)))?.workspaceIdentity;

    return {
        check(_olds, news) {
            const inputs = defaults(news);
            const failures = [...(GUID.test(inputs.workspaceId ?? "") ? [] : [{ property: "workspaceId", reason: `must be a workspace GUID, got "${inputs.workspaceId}"` }]), ...checkLimitInputs(inputs)];
            return Promise.resolve({ inputs, failures });
        },

        diff(_id, olds, news) {
            const replace = olds.workspaceId.toLowerCase() !== news.workspaceId.toLowerCase();
            return Promise.resolve({ changes: replace, replaces: replace ? ["workspaceId"] : [], deleteBeforeReplace: false });
        },

        async create(raw) {
            const inputs = defaults(raw);
            const client = clientFor(inputs);
            const existing = await live(client, inputs.workspaceId);
            if (existing) {
                return { id: inputs.workspaceId, outs: { ...inputs, ...existing, adopted: true } };
            }
            const provisioned = (await client.post<IdentityBody>(`/workspaces/${inputs.workspaceId}/provisionIdentity`, undefined)).body ?? (await live(client, inputs.workspaceId));
            if (!provisioned?.servicePrincipalId) {
                throw new Error(`Fabric API POST ${client.baseUrl}/workspaces/${inputs.workspaceId}/provisionIdentity finished without an identity; run pulumi refresh, then pulumi up again`);
            }
            return { id: inputs.workspaceId, outs: { ...inputs, applicationId: provisioned.applicationId, servicePrincipalId: provisioned.servicePrincipalId, adopted: false } };
        },

        async read(id, props) {
            const identity = await live(clientFor(props ?? {}), id);
            if (!identity) {
                return {};
            }
            const inputs = defaults({ apiBaseUrl: props?.apiBaseUrl ?? DEFAULT_FABRIC_API, requestTimeoutSeconds: props?.requestTimeoutSeconds, deadlineSeconds: props?.deadlineSeconds, workspaceId: id });
            return { id, props: { ...inputs, ...identity, adopted: props?.adopted ?? false }, inputs };
        },

        update(_id, olds, news) {
            return Promise.resolve({ outs: { ...olds, ...defaults(news) } });
        },

        async delete(id, props) {
            if (!props.adopted) {
                await unlessNotFound(clientFor(props).post(`/workspaces/${id}/deprovisionIdentity`, undefined, { result: false }));
            }
        },
    };
}

const defaultProvider = workspaceIdentityProvider();

export interface FabricWorkspaceIdentityArgs extends FabricClientArgs {
    workspaceId: pulumi.Input<string>;
}

/**
 * The identity of a Fabric workspace. Type token `pulumi-nodejs:dynamic/fabric:WorkspaceIdentity`;
 * import id: the workspace id. Needs the workspace on a Fabric (F) capacity and the caller a workspace Admin.
 */
export class FabricWorkspaceIdentity extends pulumi.dynamic.Resource {
    declare readonly applicationId: pulumi.Output<string>;
    declare readonly servicePrincipalId: pulumi.Output<string>;
    declare readonly adopted: pulumi.Output<boolean>;

    constructor(name: string, args: FabricWorkspaceIdentityArgs, opts?: pulumi.CustomResourceOptions) {
        super(defaultProvider, name, { apiBaseUrl: undefined, ...args, applicationId: undefined, servicePrincipalId: undefined, adopted: undefined }, opts, "fabric", "WorkspaceIdentity");
    }
}
