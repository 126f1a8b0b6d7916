/**
 * A loopback fake of the Fabric REST API, answering as `microsoft/fabric-rest-api-specs/` documents it:
 * - items: `POST /workspaces/{ws}/{eventhouses|kqlDatabases|eventstreams}` -> 201 with the `Item`, or
 *   (long-running mode) 202 + `Location` + `x-ms-operation-id` + `Retry-After`; `GET` (with
 *   `properties`), `PATCH` (displayName/description), `DELETE` (`?hardDelete=`), `getDefinition` /
 *   `updateDefinition` (200 or 202), lists paged with `continuationToken`/`continuationUri`;
 * - operations: `GET /operations/{id}` -> `OperationState` (`NotStarted`, `Running`, ... then
 *   `Succeeded` with `Location: .../result`, or `Failed` with `error`), `GET /operations/{id}/result`;
 * - workspaces: create (201; the caller becomes Admin, as the service makes a workspace's creator),
 *   get, patch, delete, `assignToCapacity` (202, then `capacityAssignmentProgress` `InProgress` for
 *   `capacityPollsBeforeDone` reads before `Completed`), `provisionIdentity` / `deprovisionIdentity`
 *   (200, or 202 in long-running mode; `workspaceIdentity` on the workspace);
 * - capacities: `GET /capacities` (paged), `GET /capacities/{id}` (`Capacity`: id, displayName, sku,
 *   region, state);
 * - workspace role assignments: add (201 + `Location`; the assignment id is the principal id, as in
 *   the spec's examples; 409 `PrincipalAlreadyHasWorkspaceRolePermissions` for a principal that has
 *   a role), get, list (paged), patch the role, delete;
 * - errors: `ErrorResponse` bodies (`errorCode`, `message`, `requestId`, `moreDetails`) and a
 *   `requestId` header; 404 `ItemNotFound`; `ItemDisplayNameAlreadyInUse` for a live name and
 *   `ItemDisplayNameNotAvailableYet` for a name deleted moments ago;
 * - an Eventhouse gets a default KQL database with its own name, as the service does;
 * - connections (`/connections`, `platform/definitions/connections.json`): create 201 (202 in
 *   long-running mode), get without the credential, patch, delete, `DuplicateConnectionName`;
 * - Eventstream topology (`GET .../eventstreams/{id}/topology`: the definition's nodes with ids and
 *   status) and a custom endpoint's Kafka address (`GET .../sources/{id}/connection`, with the SAS
 *   keys the service returns too);
 * - managed private endpoints (`/workspaces/{ws}/managedPrivateEndpoints`): create 201 `Pending`,
 *   get, delete; `approve` plays the target owner's approval.
 * Faults (429, 5xx, anything) are injected per request with `inject`.
 */
import { after, before } from "node:test";
import { createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { newFabricStats } from "../../providers/fabric/client-options";
import type { FabricStats } from "../../providers/fabric/client-options";

export interface FakePart {
    path: string;
    payload: string;
    payloadType: string;
}

export interface FakeItem {
    id: string;
    type: string;
    displayName: string;
    description: string;
    workspaceId: string;
    properties?: Record<string, unknown>;
    definition?: FakePart[];
}

/** `WorkspaceRoleAssignment` of `specs/fabric/platform/definitions/platform.json`. */
export interface FakeRoleAssignment {
    id: string;
    principal: { id: string; type: string; displayName?: string };
    role: string;
}

interface FakeWorkspace {
    id: string;
    displayName: string;
    description: string;
    capacityId?: string;
    capacityAssignmentProgress?: string;
    /** Reads of the workspace left before an `InProgress` capacity move reports `Completed`. */
    capacityPollsLeft?: number;
    workspaceIdentity?: { applicationId: string; servicePrincipalId: string };
    roleAssignments: FakeRoleAssignment[];
}

/** `Capacity` of `specs/fabric/platform/definitions/platform.json`. */
export interface FakeCapacity {
    id: string;
    displayName: string;
    sku: string;
    region: string;
    state: string;
}

const WORKSPACE_ROLES = ["Admin", "Member", "Contributor", "Viewer"];
const PRINCIPAL_TYPES = ["User", "ServicePrincipal", "Group", "ServicePrincipalProfile", "EntireTenant"];

interface Operation {
    id: string;
    polls: number;
    result: unknown;
    failure?: ErrorBody;
}

export interface ErrorBody {
    errorCode: string;
    message: string;
    requestId?: string;
    moreDetails?: { errorCode: string; message: string }[];
    isRetriable?: boolean;
}

/** A scripted answer for the next `times` requests matching `method` and `path`; status 0 never answers. */
export interface Fault {
    method?: string;
    path: RegExp;
    times?: number;
    status: number;
    headers?: Record<string, string>;
    body?: ErrorBody | string;
}

export interface RecordedRequest {
    method: string;
    path: string;
    query: Record<string, string>;
    body: unknown;
    authorization?: string;
}

const COLLECTIONS: Record<string, string> = {
    eventhouses: "Eventhouse",
    kqlDatabases: "KQLDatabase",
    eventstreams: "Eventstream",
    kqlDashboards: "KQLDashboard",
    reflexes: "Reflex",
    lakehouses: "Lakehouse",
};

/** A connection as stored: the request body, credential included (the service keeps it; GET never returns it). */
export interface FakeConnection {
    id: string;
    displayName: string;
    connectivityType: string;
    connectionDetails: { type: string; creationMethod: string; parameters: { name: string; value: string }[] };
    privacyLevel: string;
    credentialDetails: { skipTestConnection?: boolean; credentials: Record<string, string> };
    createdDateTime: string;
}

/** A managed private endpoint as the spec's `ManagedPrivateEndpoint`. */
export interface FakeManagedPrivateEndpoint {
    id: string;
    workspaceId: string;
    name: string;
    targetPrivateLinkResourceId: string;
    targetSubresourceType: string;
    provisioningState: string;
    connectionState: { status: string; description?: string };
}

/** A OneLake shortcut as `platform/swagger.json` returns it (`Shortcut`). */
export interface FakeShortcut {
    path: string;
    name: string;
    target: { type: string; oneLake: { workspaceId: string; itemId: string; path: string } };
}

export class FabricFake {
    readonly requests: RecordedRequest[] = [];
    readonly workspaces = new Map<string, FakeWorkspace>();
    readonly items = new Map<string, FakeItem>();
    /** Long-running mode: creates and definition calls answer 202 and finish after `pollsBeforeDone` polls. */
    lro = { enabled: false, retryAfterSeconds: 2, pollsBeforeDone: 2, states: ["NotStarted", "Running"] as string[] };
    /** Page size of list answers. */
    pageSize = 100;
    /** Creates a recently deleted name refuses with `ItemDisplayNameNotAvailableYet` before it frees up. */
    reservedNameAttempts = 2;
    /** OneLake shortcuts by `<workspaceId>/<itemId>/<path>/<name>`. */
    readonly shortcuts = new Map<string, FakeShortcut>();
    readonly connections = new Map<string, FakeConnection>();
    readonly managedPrivateEndpoints = new Map<string, FakeManagedPrivateEndpoint>();
    /**
     * Stored dashboard definitions are migrated as the service migrates them: `schema_version`
     * raised to this value (and the JSON re-serialized), so what `getDefinition` returns is not what
     * was sent. Undefined: stored as sent.
     */
    dashboardSchemaVersion: string | undefined = "62";
    /** The bearer token the fake accepts. */
    token = "fake-token";
    readonly capacities = new Map<string, FakeCapacity>();
    /** Reads of a workspace that report a capacity move `InProgress` before it is `Completed`. */
    capacityPollsBeforeDone = 2;
    /** The next capacity move ends `Failed`. */
    failNextCapacityAssignment = false;
    /** Object id of the service principal the token stands for: Admin of every workspace it creates. */
    callerPrincipalId = randomUUID();
    private readonly faults: Fault[] = [];
    private readonly operations = new Map<string, Operation>();
    private readonly reserved = new Map<string, number>();
    private nextOperationFailure?: ErrorBody;
    private server?: Server;
    baseUrl = "";

    async start(): Promise<string> {
        this.server = createServer((req, res) => {
            this.handle(req, res).catch((err: unknown) => this.send(res, 500, { errorCode: "FakeBug", message: String(err) }));
        });
        await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
        this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
        return this.baseUrl;
    }

    async stop(): Promise<void> {
        this.server?.closeAllConnections();
        await new Promise<void>((resolve, reject) => this.server?.close((err) => (err ? reject(err) : resolve())));
    }

    inject(fault: Fault): void {
        this.faults.push({ times: 1, ...fault });
    }

    /** The next long-running operation ends `Failed` with this error. */
    failNextOperation(error: ErrorBody): void {
        this.nextOperationFailure = error;
    }

    addWorkspace(displayName = "ws"): string {
        const id = randomUUID();
        this.workspaces.set(id, { id, displayName, description: "", roleAssignments: [] });
        return id;
    }

    addCapacity(displayName: string, extra: Partial<FakeCapacity> = {}): string {
        const capacity: FakeCapacity = { id: randomUUID(), displayName, sku: "F64", region: "West Europe", state: "Active", ...extra };
        this.capacities.set(capacity.id, capacity);
        return capacity.id;
    }

    /** Requests whose method and path match, for counting round trips in tests. */
    count(method: string, path: RegExp): number {
        return this.requests.filter((r) => r.method === method && path.test(r.path)).length;
    }

    private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
        const url = new URL(req.url ?? "/", "http://127.0.0.1");
        const chunks: Buffer[] = [];
        for await (const chunk of req) {
            chunks.push(chunk as Buffer);
        }
        const text = Buffer.concat(chunks).toString("utf8");
        const body: unknown = text ? JSON.parse(text) : undefined;
        const method = req.method ?? "GET";
        const path = url.pathname.replace(/^\/v1/, "");
        this.requests.push({ method, path, query: Object.fromEntries(url.searchParams), body, authorization: req.headers.authorization });

        const fault = this.faults.find((f) => (!f.method || f.method === method) && f.path.test(path) && (f.times ?? 1) > 0);
        if (fault) {
            fault.times = (fault.times ?? 1) - 1;
            if (fault.status === 0) {
                return; // never answer: the client's request timeout must fire
            }
            return this.send(res, fault.status, typeof fault.body === "string" ? fault.body : fault.body ? { requestId: randomUUID(), ...fault.body } : undefined, fault.headers);
        }
        if (req.headers.authorization !== `Bearer ${this.token}`) {
            return this.error(res, 401, "TokenNotProvided", "The bearer token is missing or invalid");
        }
        return this.route(method, path, url.searchParams, body as Record<string, unknown> | undefined, res);
    }

    private route(method: string, path: string, query: URLSearchParams, body: Record<string, unknown> | undefined, res: ServerResponse): void {
        let m: RegExpExecArray | null;
        if ((m = /^\/connections(?:\/([^/]+))?$/.exec(path))) {
            return this.connection(method, m[1], body, res);
        }
        if ((m = /^\/workspaces\/([^/]+)\/eventstreams\/([^/]+)\/(topology|sources\/([^/]+)\/connection)$/.exec(path)) && method === "GET") {
            return this.eventstreamTopology(m[1], m[2], m[4], res);
        }
        if ((m = /^\/workspaces\/([^/]+)\/managedPrivateEndpoints(?:\/([^/]+))?$/.exec(path))) {
            return this.managedPrivateEndpoint(method, m[1], m[2], body, res);
        }
        if ((m = /^\/operations\/([^/]+)(\/result)?$/.exec(path)) && method === "GET") {
            return this.operation(m[1], m[2] !== undefined, res);
        }
        if (path === "/workspaces" && method === "POST") {
            const name = text(body?.displayName);
            if ([...this.workspaces.values()].some((w) => w.displayName === name)) {
                return this.error(res, 409, "WorkspaceNameAlreadyExists", `Workspace name ${name} already exists`);
            }
            const creator: FakeRoleAssignment = { id: this.callerPrincipalId, principal: { id: this.callerPrincipalId, type: "ServicePrincipal", displayName: "deployer" }, role: "Admin" };
            const ws: FakeWorkspace = { id: randomUUID(), displayName: name, description: text(body?.description), capacityId: body?.capacityId as string | undefined, roleAssignments: [creator] };
            this.workspaces.set(ws.id, ws);
            return this.send(res, 201, workspaceBody(ws), { Location: `${this.baseUrl}/workspaces/${ws.id}` });
        }
        if ((m = /^\/workspaces\/([^/]+)\/roleAssignments(?:\/([^/]+))?$/.exec(path))) {
            return this.roleAssignment(method, m[1], m[2], query, body, res);
        }
        if (path === "/capacities" && method === "GET") {
            return this.page(res, path, [...this.capacities.values()], query.get("continuationToken"));
        }
        if ((m = /^\/capacities\/([^/]+)$/.exec(path)) && method === "GET") {
            const capacity = this.capacities.get(m[1]);
            return capacity ? this.send(res, 200, capacity) : this.error(res, 404, "EntityNotFound", `Capacity ${m[1]} not found`);
        }
        if ((m = /^\/workspaces\/([^/]+)(?:\/(assignToCapacity|provisionIdentity|deprovisionIdentity))?$/.exec(path))) {
            const ws = this.workspaces.get(m[1]);
            if (!ws) {
                return this.error(res, 404, "WorkspaceNotFound", `Workspace ${m[1]} not found`);
            }
            if (m[2] && method === "POST") {
                return this.workspaceAction(ws, m[2], body, res);
            }
            if (method === "GET") {
                this.progressCapacityAssignment(ws);
                return this.send(res, 200, workspaceBody(ws));
            }
            if (method === "PATCH") {
                Object.assign(ws, pick(body, ["displayName", "description"]));
                return this.send(res, 200, workspaceBody(ws));
            }
            if (method === "DELETE") {
                this.workspaces.delete(ws.id);
                return this.send(res, 200, undefined);
            }
        }
        if ((m = /^\/workspaces\/([^/]+)\/items\/([^/]+)\/shortcuts(?:\/(.+))?$/.exec(path))) {
            return this.shortcut(method, m[1], m[2], m[3] ? decodeURIComponent(m[3]) : undefined, query, body, res);
        }
        if ((m = /^\/workspaces\/([^/]+)\/(eventhouses|kqlDatabases|eventstreams|kqlDashboards|reflexes|lakehouses)(?:\/([^/]+))?(?:\/(getDefinition|updateDefinition))?$/.exec(path))) {
            const [, wsId, collection, itemId, action] = m;
            if (!this.workspaces.has(wsId)) {
                return this.error(res, 404, "WorkspaceNotFound", `Workspace ${wsId} not found`);
            }
            const type = COLLECTIONS[collection];
            if (!itemId) {
                if (method === "GET") return this.list(res, path, type, wsId, query.get("continuationToken"));
                if (method === "POST") return this.create(res, type, wsId, body ?? {});
            }
            const item = itemId ? this.items.get(itemId) : undefined;
            if (!item || item.type !== type || item.workspaceId !== wsId) {
                return this.error(res, 404, "ItemNotFound", `The requested item ${itemId} was not found`);
            }
            if (action === "getDefinition" && method === "POST") return this.maybeLro(res, 200, { definition: { parts: item.definition ?? [] } });
            if (action === "updateDefinition" && method === "POST") {
                item.definition = this.migrate(item.type, ((body?.definition as { parts?: FakePart[] }) ?? {}).parts ?? []);
                this.applyDefinition(item);
                return this.maybeLro(res, 200, undefined);
            }
            if (method === "GET") return this.send(res, 200, item.type === "Eventstream" ? omit(item, ["definition", "properties"]) : omit(item, ["definition"]));
            if (method === "PATCH") {
                const name = body?.displayName;
                if (typeof name === "string" && name !== item.displayName && this.nameTaken(wsId, type, name)) {
                    return this.error(res, 409, "ItemDisplayNameAlreadyInUse", `Item display name ${name} is already used`);
                }
                Object.assign(item, pick(body, ["displayName", "description"]));
                return this.send(res, 200, omit(item, ["definition", "properties"]));
            }
            if (method === "DELETE") {
                this.remove(item);
                return this.send(res, 200, undefined);
            }
        }
        return this.error(res, 404, "EntityNotFound", `${method} ${path} is not an operation this fake knows`);
    }

    /** `Workspaces_AssignToCapacity` (202, no operation), `Workspaces_{Provision,Deprovision}Identity` (long-running). */
    private workspaceAction(ws: FakeWorkspace, action: string, body: Record<string, unknown> | undefined, res: ServerResponse): void {
        if (action === "assignToCapacity") {
            const capacityId = text(body?.capacityId);
            if (!this.capacities.has(capacityId)) {
                return this.error(res, 404, "EntityNotFound", `Capacity ${capacityId} not found`);
            }
            ws.capacityId = capacityId;
            ws.capacityAssignmentProgress = "InProgress";
            ws.capacityPollsLeft = this.capacityPollsBeforeDone;
            return this.send(res, 202, undefined);
        }
        if (action === "provisionIdentity") {
            // a provisioning set to fail leaves the workspace without an identity
            const identity = this.lro.enabled && this.nextOperationFailure ? undefined : (ws.workspaceIdentity ??= { applicationId: randomUUID(), servicePrincipalId: randomUUID() });
            return this.maybeLro(res, 200, identity);
        }
        ws.workspaceIdentity = undefined;
        return this.maybeLro(res, 200, undefined);
    }

    /** Each read of a workspace moves an `InProgress` capacity assignment one step towards its end. */
    private progressCapacityAssignment(ws: FakeWorkspace): void {
        if (ws.capacityAssignmentProgress !== "InProgress") {
            return;
        }
        if ((ws.capacityPollsLeft ?? 0) > 0) {
            ws.capacityPollsLeft = (ws.capacityPollsLeft ?? 0) - 1;
            return;
        }
        ws.capacityAssignmentProgress = this.failNextCapacityAssignment ? "Failed" : "Completed";
        this.failNextCapacityAssignment = false;
    }

    /** `Workspaces_{Add,List,Get,Update,Delete}WorkspaceRoleAssignment(s)`. */
    private roleAssignment(method: string, wsId: string, assignmentId: string | undefined, query: URLSearchParams, body: Record<string, unknown> | undefined, res: ServerResponse): void {
        const ws = this.workspaces.get(wsId);
        if (!ws) {
            return this.error(res, 404, "WorkspaceNotFound", `Workspace ${wsId} not found`);
        }
        const role = body?.role;
        if ((method === "POST" || method === "PATCH") && (typeof role !== "string" || !WORKSPACE_ROLES.includes(role))) {
            return this.error(res, 400, "InvalidInput", `role must be one of ${WORKSPACE_ROLES.join(", ")}`);
        }
        if (!assignmentId) {
            if (method === "GET") return this.page(res, `/workspaces/${wsId}/roleAssignments`, ws.roleAssignments, query.get("continuationToken"));
            if (method === "POST") {
                const principal = body?.principal as { id?: unknown; type?: unknown } | undefined;
                if (typeof principal?.id !== "string" || typeof principal.type !== "string" || !PRINCIPAL_TYPES.includes(principal.type)) {
                    return this.error(res, 400, "InvalidInput", "principal.id and principal.type are required");
                }
                if (ws.roleAssignments.some((a) => a.principal.id === principal.id)) {
                    return this.error(res, 409, "PrincipalAlreadyHasWorkspaceRolePermissions", `Principal ${principal.id} already has a role in workspace ${wsId}`);
                }
                const assignment: FakeRoleAssignment = { id: principal.id, principal: { id: principal.id, type: principal.type }, role: role as string };
                ws.roleAssignments.push(assignment);
                return this.send(res, 201, assignment, { Location: `${this.baseUrl}/workspaces/${wsId}/roleAssignments/${assignment.id}` });
            }
        }
        const assignment = ws.roleAssignments.find((a) => a.id === assignmentId);
        if (!assignment) {
            return this.error(res, 404, "EntityNotFound", `Workspace role assignment ${assignmentId} not found`);
        }
        if (method === "GET") return this.send(res, 200, assignment);
        if (method === "PATCH") {
            assignment.role = role as string;
            return this.send(res, 200, assignment);
        }
        if (method === "DELETE") {
            ws.roleAssignments = ws.roleAssignments.filter((a) => a !== assignment);
            return this.send(res, 200, undefined);
        }
        return this.error(res, 404, "EntityNotFound", `${method} on a role assignment is not an operation this fake knows`);
    }

    /** The target's owner approves (or rejects) a managed private endpoint, as on the namespace's Networking page. */
    approve(endpointId: string, status: "Approved" | "Rejected" = "Approved"): void {
        const endpoint = this.managedPrivateEndpoints.get(endpointId);
        if (endpoint) {
            endpoint.connectionState = { status, description: `Endpoint ${status.toLowerCase()}` };
            endpoint.provisioningState = "Succeeded";
        }
    }

    /** The published topology of an Eventstream (node ids derived from the item and node name), or one custom endpoint's connection. */
    private eventstreamTopology(wsId: string, itemId: string, sourceId: string | undefined, res: ServerResponse): void {
        const item = this.items.get(itemId);
        if (!item || item.type !== "Eventstream" || item.workspaceId !== wsId) {
            return this.error(res, 404, "ItemNotFound", `The requested item ${itemId} was not found`);
        }
        const part = item.definition?.find((p) => p.path === "eventstream.json");
        const topology = part ? (JSON.parse(Buffer.from(part.payload, "base64").toString("utf8")) as { sources?: { name: string; type: string }[] }) : {};
        const nodeId = (name: string) => `${itemId.slice(0, 24)}${Buffer.from(name).toString("hex").padEnd(12, "0").slice(0, 12)}`;
        const sources = (topology.sources ?? []).map((src) => ({ ...src, id: nodeId(src.name), status: "Running" }));
        if (!sourceId) {
            return this.send(res, 200, { ...topology, sources });
        }
        const source = sources.find((src) => src.id === sourceId);
        if (!source) {
            return this.error(res, 404, "ItemNotFound", `Source ${sourceId} was not found`);
        }
        if (source.type !== "CustomEndpoint") {
            return this.error(res, 400, "InvalidInput", "Only custom endpoints sources are supported");
        }
        const hub = `es_${itemId}`;
        const fqdn = `eventstream-${itemId.slice(0, 8)}.servicebus.windows.net`;
        const key = Buffer.from(`key-of-${itemId}`).toString("base64");
        return this.send(res, 200, {
            fullyQualifiedNamespace: fqdn,
            eventHubName: hub,
            accessKeys: { primaryKey: key, secondaryKey: key, primaryConnectionString: `Endpoint=sb://${fqdn}/;SharedAccessKeyName=key;SharedAccessKey=${key};EntityPath=${hub}`, secondaryConnectionString: "" },
        });
    }

    private connection(method: string, id: string | undefined, body: Record<string, unknown> | undefined, res: ServerResponse): void {
        const visible = (c: FakeConnection) => ({
            id: c.id,
            displayName: c.displayName,
            // A cloud connection's gateway is Fabric's virtual gateway.
            gatewayId: "8f72eea3-d989-4a5a-aeed-02b3aaa2ddd0",
            connectivityType: c.connectivityType,
            connectionDetails: { type: c.connectionDetails.type, path: c.connectionDetails.parameters.map((p) => p.value).join(";") },
            privacyLevel: c.privacyLevel,
            credentialDetails: { credentialType: c.credentialDetails.credentials.credentialType, singleSignOnType: "None", connectionEncryption: "NotEncrypted", skipTestConnection: c.credentialDetails.skipTestConnection ?? false },
            connectionRecency: { createdDateTime: c.createdDateTime, lastBoundDateTime: c.createdDateTime, lastCredentialUsedDateTime: c.createdDateTime, myLastBoundDateTime: c.createdDateTime, myLastCredentialUsedDateTime: c.createdDateTime },
        });
        if (!id) {
            if (method === "GET") return this.send(res, 200, { value: [...this.connections.values()].map(visible) });
            if (method !== "POST") return this.error(res, 405, "MethodNotAllowed", `${method} /connections`);
            const name = text(body?.displayName);
            if ([...this.connections.values()].some((c) => c.displayName === name)) {
                return this.error(res, 409, "DuplicateConnectionName", `The connection name ${name} is already in use`);
            }
            const details = body?.connectionDetails as FakeConnection["connectionDetails"] | undefined;
            if (!details?.type || !details.creationMethod || !Array.isArray(details.parameters)) {
                return this.error(res, 400, "InvalidConnectionDetails", "The ConnectionDetails input provided is not valid");
            }
            const connection: FakeConnection = {
                id: randomUUID(),
                displayName: name,
                connectivityType: text(body?.connectivityType),
                connectionDetails: details,
                privacyLevel: text(body?.privacyLevel) || "Organizational",
                credentialDetails: body?.credentialDetails as FakeConnection["credentialDetails"],
                createdDateTime: new Date().toISOString(),
            };
            this.connections.set(connection.id, connection);
            return this.maybeLro(res, 201, visible(connection));
        }
        const connection = this.connections.get(id);
        if (!connection) {
            return this.error(res, 404, "EntityNotFound", `Connection ${id} was not found`);
        }
        if (method === "GET") return this.send(res, 200, visible(connection));
        if (method === "PATCH") {
            Object.assign(connection, pick(body, ["displayName", "privacyLevel", "credentialDetails"]));
            return this.send(res, 200, visible(connection));
        }
        if (method === "DELETE") {
            this.connections.delete(id);
            return this.send(res, 200, undefined);
        }
        return this.error(res, 405, "MethodNotAllowed", `${method} /connections/${id}`);
    }

    private managedPrivateEndpoint(method: string, wsId: string, id: string | undefined, body: Record<string, unknown> | undefined, res: ServerResponse): void {
        if (!this.workspaces.has(wsId)) {
            return this.error(res, 404, "WorkspaceNotFound", `Workspace ${wsId} not found`);
        }
        if (!id && method === "POST") {
            const name = text(body?.name);
            if ([...this.managedPrivateEndpoints.values()].some((e) => e.workspaceId === wsId && e.name === name)) {
                return this.error(res, 409, "ManagedPrivateEndpointAlreadyExists", `A managed private endpoint named ${name} exists`);
            }
            const endpoint: FakeManagedPrivateEndpoint = {
                id: randomUUID(),
                workspaceId: wsId,
                name,
                targetPrivateLinkResourceId: text(body?.targetPrivateLinkResourceId),
                targetSubresourceType: text(body?.targetSubresourceType),
                provisioningState: "Provisioning",
                connectionState: { status: "Pending", description: text(body?.requestMessage) },
            };
            this.managedPrivateEndpoints.set(endpoint.id, endpoint);
            return this.send(res, 201, omit(endpoint, ["workspaceId"]), { Location: `${this.baseUrl}/workspaces/${wsId}/managedPrivateEndpoints/${endpoint.id}` });
        }
        const endpoint = id ? this.managedPrivateEndpoints.get(id) : undefined;
        if (!endpoint || endpoint.workspaceId !== wsId) {
            return this.error(res, 404, "EntityNotFound", `Managed private endpoint ${id ?? ""} was not found`);
        }
        if (method === "GET") return this.send(res, 200, omit(endpoint, ["workspaceId"]));
        if (method === "DELETE") {
            this.managedPrivateEndpoints.delete(endpoint.id);
            return this.send(res, 200, undefined);
        }
        return this.error(res, 405, "MethodNotAllowed", `${method} managed private endpoint`);
    }

    private nameTaken(wsId: string, type: string, name: string): boolean {
        return [...this.items.values()].some((i) => i.workspaceId === wsId && i.type === type && i.displayName === name);
    }

    private create(res: ServerResponse, type: string, wsId: string, body: Record<string, unknown>): void {
        const name = text(body.displayName);
        if (this.nameTaken(wsId, type, name)) {
            return this.error(res, 409, "ItemDisplayNameAlreadyInUse", `Item display name ${name} is already used`, [{ errorCode: "DuplicateName", message: `${type} ${name} exists in workspace ${wsId}` }]);
        }
        const key = `${wsId}/${type}/${name}`;
        const left = this.reserved.get(key) ?? 0;
        if (left > 0) {
            this.reserved.set(key, left - 1);
            return this.error(res, 400, "ItemDisplayNameNotAvailableYet", `Item display name ${name} is not available yet`);
        }
        const item: FakeItem = { id: randomUUID(), type, displayName: name, description: text(body.description), workspaceId: wsId };
        const definition = body.definition as { parts?: FakePart[] } | undefined;
        item.definition = this.migrate(type, definition?.parts ?? []);
        if (type === "Eventhouse") {
            const host = item.id.slice(0, 8);
            const payload = (body.creationPayload ?? {}) as { minimumConsumptionUnits?: number };
            item.properties = {
                queryServiceUri: `https://trd-${host}.z0.kusto.fabric.microsoft.com`,
                ingestionServiceUri: `https://ingest-trd-${host}.z0.kusto.fabric.microsoft.com`,
                databasesItemIds: [],
                minimumConsumptionUnits: payload.minimumConsumptionUnits ?? 0,
            };
            this.items.set(item.id, item);
            // the service creates a default database named after the Eventhouse
            const db = this.newDatabase(wsId, name, item.id);
            (item.properties.databasesItemIds as string[]).push(db.id);
        } else if (type === "KQLDatabase") {
            const props = this.applyDefinition(item) ?? (body.creationPayload as Record<string, unknown> | undefined);
            const parentId = text(props?.parentEventhouseItemId);
            const parent = this.items.get(parentId);
            if (!parent || parent.type !== "Eventhouse") {
                return this.error(res, 400, "InvalidParentEventhouse", `Parent eventhouse ${parentId} not found`);
            }
            Object.assign(item, { properties: { ...this.databaseProperties(parent), databaseType: "ReadWrite" } });
            this.items.set(item.id, item);
            (parent.properties?.databasesItemIds as string[]).push(item.id);
        } else if (type === "Lakehouse") {
            const root = `https://onelake.dfs.fabric.microsoft.com/${wsId}/${item.id}`;
            const schemas = (body.creationPayload as { enableSchemas?: boolean } | undefined)?.enableSchemas === true;
            item.properties = {
                oneLakeTablesPath: `${root}/Tables`,
                oneLakeFilesPath: `${root}/Files`,
                sqlEndpointProperties: { connectionString: `${item.id.slice(0, 8)}.datawarehouse.fabric.microsoft.com`, id: randomUUID(), provisioningStatus: "Success" },
                ...(schemas ? { defaultSchema: "dbo" } : {}),
            };
            this.items.set(item.id, item);
        } else {
            this.items.set(item.id, item);
        }
        return this.maybeLro(res, 201, omit(item, ["definition", "properties"]));
    }

    /** What the service stores of a definition: dashboards migrated to `dashboardSchemaVersion`. */
    private migrate(type: string, parts: FakePart[]): FakePart[] {
        if (type !== "KQLDashboard" || !this.dashboardSchemaVersion) {
            return parts;
        }
        return parts.map((p) => {
            if (p.path !== "RealTimeDashboard.json") return p;
            const json = JSON.parse(Buffer.from(p.payload, "base64").toString("utf8")) as Record<string, unknown>;
            const migrated = { schema_version: this.dashboardSchemaVersion, ...omit(json, ["schema_version"]) };
            return { ...p, payload: Buffer.from(JSON.stringify(migrated)).toString("base64") };
        });
    }

    /** `OneLakeShortcuts_*`: create (201, 200 on overwrite; 409 on a conflict under `Abort`), get, delete. */
    private shortcut(method: string, wsId: string, itemId: string, rest: string | undefined, query: URLSearchParams, body: Record<string, unknown> | undefined, res: ServerResponse): void {
        const item = this.items.get(itemId);
        if (!this.workspaces.has(wsId) || !item || item.workspaceId !== wsId) {
            return this.error(res, 404, "ItemNotFound", `The requested item ${itemId} was not found`);
        }
        const base = `${wsId}/${itemId}`;
        if (!rest && method === "POST") {
            const request = body as unknown as { path?: string; name?: string; target?: { oneLake?: FakeShortcut["target"]["oneLake"] } };
            if (!request?.path || !request.name || !request.target?.oneLake) {
                return this.error(res, 400, "InvalidRequest", "path, name and target.oneLake are required");
            }
            const key = `${base}/${request.path}/${request.name}`;
            const policy = query.get("shortcutConflictPolicy") ?? "Abort";
            const exists = this.shortcuts.has(key);
            if (exists && policy === "Abort") {
                return this.error(res, 409, "ShortcutConflict", `A shortcut named ${request.name} already exists at ${request.path}`);
            }
            if (!exists && policy === "OverwriteOnly") {
                return this.error(res, 404, "EntityNotFound", `No shortcut ${request.name} at ${request.path} to overwrite`);
            }
            const shortcut: FakeShortcut = { path: request.path, name: request.name, target: { type: "OneLake", oneLake: request.target.oneLake } };
            this.shortcuts.set(key, shortcut);
            return this.send(res, exists ? 200 : 201, shortcut, { Location: `${this.baseUrl}/workspaces/${wsId}/items/${itemId}/shortcuts/${request.path}/${request.name}` });
        }
        const shortcut = rest ? this.shortcuts.get(`${base}/${rest}`) : undefined;
        if (!shortcut) {
            return this.error(res, 404, "EntityNotFound", `Shortcut ${rest ?? ""} not found`);
        }
        if (method === "GET") return this.send(res, 200, shortcut);
        if (method === "DELETE") {
            this.shortcuts.delete(`${base}/${rest}`);
            return this.send(res, 200, undefined);
        }
        return this.error(res, 404, "EntityNotFound", `${method} on a shortcut is not an operation this fake knows`);
    }

    private databaseProperties(parent: FakeItem): Record<string, unknown> {
        return { parentEventhouseItemId: parent.id, queryServiceUri: parent.properties?.queryServiceUri, ingestionServiceUri: parent.properties?.ingestionServiceUri };
    }

    private newDatabase(wsId: string, name: string, parentId: string): FakeItem {
        const parent = this.items.get(parentId) as FakeItem;
        const db: FakeItem = {
            id: randomUUID(),
            type: "KQLDatabase",
            displayName: name,
            description: "",
            workspaceId: wsId,
            properties: { ...this.databaseProperties(parent), databaseType: "ReadWrite" },
            definition: [{ path: "DatabaseProperties.json", payloadType: "InlineBase64", payload: Buffer.from(JSON.stringify({ databaseType: "ReadWrite", parentEventhouseItemId: parentId })).toString("base64") }],
        };
        this.items.set(db.id, db);
        return db;
    }

    /** Decodes `DatabaseProperties.json` of a database definition (and checks it is base64 JSON). */
    private applyDefinition(item: FakeItem): Record<string, unknown> | undefined {
        const part = item.definition?.find((p) => p.path === "DatabaseProperties.json");
        if (!part) {
            return undefined;
        }
        if (part.payloadType !== "InlineBase64") {
            throw new Error(`payloadType ${part.payloadType}`);
        }
        return JSON.parse(Buffer.from(part.payload, "base64").toString("utf8")) as Record<string, unknown>;
    }

    private remove(item: FakeItem): void {
        this.items.delete(item.id);
        this.reserved.set(`${item.workspaceId}/${item.type}/${item.displayName}`, this.reservedNameAttempts);
        if (item.type === "Eventhouse") {
            for (const id of (item.properties?.databasesItemIds as string[]) ?? []) {
                this.items.delete(id);
            }
        }
    }

    private list(res: ServerResponse, path: string, type: string, wsId: string, token: string | null): void {
        this.page(res, path, [...this.items.values()].filter((i) => i.workspaceId === wsId && i.type === type).map((i) => omit(i, ["definition"])), token);
    }

    /** One page of `all` (`PaginatedResponse`: `continuationToken` and `continuationUri` while more follow). */
    private page(res: ServerResponse, path: string, all: unknown[], token: string | null): void {
        const start = token ? Number(Buffer.from(token, "base64").toString("utf8")) : 0;
        const page = all.slice(start, start + this.pageSize);
        const next = start + this.pageSize < all.length ? Buffer.from(String(start + this.pageSize)).toString("base64") : undefined;
        this.send(res, 200, next ? { value: page, continuationToken: next, continuationUri: `${this.baseUrl}${path}?continuationToken=${encodeURIComponent(next)}` } : { value: page });
    }

    private maybeLro(res: ServerResponse, status: number, result: unknown): void {
        if (!this.lro.enabled) {
            return this.send(res, status, result);
        }
        const op: Operation = { id: randomUUID(), polls: 0, result, failure: this.nextOperationFailure };
        this.nextOperationFailure = undefined;
        this.operations.set(op.id, op);
        this.send(res, 202, undefined, { Location: `${this.baseUrl}/operations/${op.id}`, "x-ms-operation-id": op.id, "Retry-After": String(this.lro.retryAfterSeconds) });
    }

    private operation(id: string, wantResult: boolean, res: ServerResponse): void {
        const op = this.operations.get(id);
        if (!op) {
            return this.error(res, 404, "OperationNotFound", `Operation ${id} not found`);
        }
        const times = { createdTimeUtc: "2026-01-01T00:00:00Z", lastUpdatedTimeUtc: "2026-01-01T00:00:01Z" };
        if (wantResult) {
            return op.polls > this.lro.pollsBeforeDone && !op.failure ? this.send(res, 200, op.result) : this.error(res, 400, "OperationNotSucceeded", "The operation has not succeeded");
        }
        op.polls += 1;
        if (op.polls <= this.lro.pollsBeforeDone) {
            const status = this.lro.states[(op.polls - 1) % this.lro.states.length];
            return this.send(res, 200, { status, ...times, percentComplete: Math.round((100 * op.polls) / (this.lro.pollsBeforeDone + 1)) }, { Location: `${this.baseUrl}/operations/${id}`, "x-ms-operation-id": id, "Retry-After": String(this.lro.retryAfterSeconds) });
        }
        if (op.failure) {
            return this.send(res, 200, { status: "Failed", ...times, error: { requestId: randomUUID(), ...op.failure } }, { "x-ms-operation-id": id });
        }
        return this.send(res, 200, { status: "Succeeded", ...times, percentComplete: 100 }, { Location: `${this.baseUrl}/operations/${id}/result`, "x-ms-operation-id": id });
    }

    private error(res: ServerResponse, status: number, errorCode: string, message: string, moreDetails?: { errorCode: string; message: string }[]): void {
        this.send(res, status, { errorCode, message, requestId: randomUUID(), ...(moreDetails ? { moreDetails } : {}) });
    }

    private send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
        const requestId = body && typeof body === "object" && "requestId" in body ? String((body).requestId) : randomUUID();
        res.writeHead(status, { "content-type": typeof body === "string" ? "text/html" : "application/json", requestid: requestId, ...headers });
        res.end(body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body));
    }
}

/** `WorkspaceInfo` as the service returns it (role assignments are a separate collection). */
function workspaceBody(ws: FakeWorkspace): Record<string, unknown> {
    return { ...omit(ws, ["roleAssignments", "capacityPollsLeft"]), type: "Workspace" };
}

function text(value: unknown): string {
    return typeof value === "string" ? value : "";
}

function pick(body: Record<string, unknown> | undefined, keys: string[]): Record<string, unknown> {
    return Object.fromEntries(keys.filter((k) => body && body[k] !== undefined).map((k) => [k, body?.[k]]));
}

function omit<T extends object>(value: T, keys: (keyof T)[]): Partial<T> {
    return Object.fromEntries(Object.entries(value).filter(([k]) => !keys.includes(k as keyof T))) as Partial<T>;
}

/**
 * A fake started before the calling test file's tests and stopped after them, with the client
 * options every provider test passes (the fake's token, no real waits, one stats object).
 */
export function fabricFakeForTests(): { fake: FabricFake; base: () => string; stats: FabricStats; options: { token: string; delayScale: number; stats: FabricStats } } {
    const fake = new FabricFake();
    const stats = newFabricStats();
    before(() => fake.start());
    after(() => fake.stop());
    return { fake, base: () => fake.baseUrl, stats, options: { token: fake.token, delayScale: 0, stats } };
}
