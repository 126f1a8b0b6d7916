/**
 * Fabric workspaces (`microsoft/fabric-rest-api-specs/platform/swagger.json`: `POST /workspaces` answers 201, `PATCH`
 * renames, `POST /workspaces/{id}/assignToCapacity` moves it to another capacity). Most sites adopt a
 * shared workspace by id instead (the `Eventhouse` component's `workspaceId`), which creates nothing.
 * Resource and import id: the workspace id.
 */
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_FABRIC_API, clientForInputs } from "./client";
import type { FabricClientInputs } from "./client";
import type { FabricClientOptions } from "./client-options";
import { FabricApiError, unlessNotFound } from "./errors";
import { checkLimitInputs } from "../deadline";
import { GUID } from "../../kusto/text";
import type { FabricClientArgs, FabricResourceProvider } from "./items";
import { assignToCapacity, waitForCapacityAssignment } from "./capacity-assignment";

/** Re-exported for the providers that take it from here. */

export interface WorkspaceInputs extends FabricClientInputs {
    apiBaseUrl: string;
    displayName: string;
    description: string;
    /** Fabric capacity the workspace runs on (needed for Eventhouse items). */
    capacityId?: string;
}

export interface WorkspaceOutputs extends WorkspaceInputs {
    workspaceId: string;
}

interface WorkspaceInfo {
    id: string;
    displayName: string;
    description?: string;
    capacityId?: string;
}


function defaults(inputs: WorkspaceInputs): WorkspaceInputs {
    return { ...inputs, apiBaseUrl: inputs.apiBaseUrl || DEFAULT_FABRIC_API, description: inputs.description ?? "" };
}

/** The workspace dynamic provider; `options` configure its Fabric client (token, delays, stats). */
export function workspaceProvider(options: Omit<FabricClientOptions, "baseUrl"> = {}): FabricResourceProvider<WorkspaceInputs, WorkspaceOutputs> {
    const clientFor = (inputs: FabricClientInputs) => clientForInputs(options, inputs);
    return {
        check(_olds, news) {
            const inputs = defaults(news);
            const failures: { property: string; reason: string }[] = [];
            if (!inputs.displayName || inputs.displayName.length > 256) {
                failures.push({ property: "displayName", reason: "must be 1 to 256 characters" });
            }
            if (inputs.description.length > 4000) {
                failures.push({ property: "description", reason: "must be at most 4000 characters" });
            }
            if (inputs.capacityId !== undefined && !GUID.test(inputs.capacityId)) {
                failures.push({ property: "capacityId", reason: `must be a capacity GUID, got "${inputs.capacityId}"` });
            }
            return Promise.resolve({ inputs, failures: [...failures, ...checkLimitInputs(inputs)] });
        },

        diff(_id, olds, news) {
            const changes = (["displayName", "description", "capacityId"] as const).some((k) => (olds[k] ?? "") !== (news[k] ?? ""));
            return Promise.resolve({ changes, replaces: [] });
        },

        async create(raw) {
            const inputs = defaults(raw);
            const client = clientFor(inputs);
            let created: WorkspaceInfo | undefined;
            try {
                created = (await client.post<WorkspaceInfo>("/workspaces", { displayName: inputs.displayName, description: inputs.description, capacityId: inputs.capacityId })).body;
            } catch (err) {
                if (err instanceof FabricApiError && err.status === 409) {
                    throw err.withHint(`Workspace names are unique in the tenant. To use the existing workspace, pass its id as the Eventhouse component's workspaceId (or import this resource with its id).`);
                }
                throw err;
            }
            if (!created?.id) {
                throw new Error(`Fabric API POST ${client.baseUrl}/workspaces returned no workspace id`);
            }
            if (inputs.capacityId) {
                await waitForCapacityAssignment(client, created.id);
            }
            return { id: created.id, outs: { ...inputs, workspaceId: created.id } };
        },

        async read(id, props) {
            if (!GUID.test(id)) {
                throw new Error(`workspace id "${id}" is not a GUID; import a workspace with its id`);
            }
            const ws = await unlessNotFound(clientFor(props ?? {}).get<WorkspaceInfo>(`/workspaces/${id}`));
            if (!ws) {
                return {};
            }
            const inputs = defaults({ apiBaseUrl: props?.apiBaseUrl ?? DEFAULT_FABRIC_API, displayName: ws.displayName, description: ws.description ?? "", capacityId: ws.capacityId });
            return { id, props: { ...inputs, workspaceId: id }, inputs };
        },

        async update(id, olds, raw) {
            const news = defaults(raw);
            const client = clientFor(news);
            if (olds.displayName !== news.displayName || olds.description !== news.description) {
                await client.patch(`/workspaces/${id}`, { displayName: news.displayName, description: news.description });
            }
            if (news.capacityId && news.capacityId !== olds.capacityId) {
                await assignToCapacity(client, id, news.capacityId);
            }
            return { outs: { ...news, workspaceId: id } };
        },

        async delete(id, props) {
            await unlessNotFound(clientFor(props).delete(`/workspaces/${id}`));
        },
    };
}

const defaultProvider = workspaceProvider();

export interface FabricWorkspaceArgs extends FabricClientArgs {
    displayName: pulumi.Input<string>;
    /** Default "". */
    description?: pulumi.Input<string>;
    /** Capacity to assign; changing it reassigns the workspace in place. */
    capacityId?: pulumi.Input<string>;
}

/** A Fabric workspace. Type token `pulumi-nodejs:dynamic/fabric:Workspace`; import id: the workspace id. */
export class FabricWorkspace extends pulumi.dynamic.Resource {
    declare readonly workspaceId: pulumi.Output<string>;

    constructor(name: string, args: FabricWorkspaceArgs, opts?: pulumi.CustomResourceOptions) {
        super(defaultProvider, name, { description: "", apiBaseUrl: undefined, capacityId: undefined, ...args, workspaceId: undefined }, opts, "fabric", "Workspace");
    }
}
