/**
 * The data-path check's model: one row per hop a reading (or a query) takes through a site, from the
 * planned resources alone, with what authenticates it, what the target accepts, the role and scope,
 * the network path and the asset key the message carries, and a verdict. Pure: no Pulumi, no I/O, so
 * `edge-fabric plan` and the policy pack run the same rules on the same rows.
 */

/**
 * A planned resource as the rules read it: a record of `cli/synth.ts` (what `plan` writes to
 * `resources.json`), or a resource a policy pack sees in `pulumi preview`.
 */
export interface ResourceView {
    urn: string;
    type: string;
    /** Logical (Pulumi) name. */
    name: string;
    /** Inputs as registered; values not known until deployment are `{ __pulumiUnknown: true }` or absent. */
    inputs: Record<string, unknown>;
    /** URNs of the resources each top-level input's value came from (`scope` -> the event hub whose id it is). */
    propertyDependencies: Record<string, string[]>;
    /** URNs this resource waits for (explicit `dependsOn`, including a component's children, and every input dependency). */
    dependencies: string[];
    /** URN of the component this resource belongs to, when known (a URN's type chain may name only the nearest one). */
    parent?: string | null;
}

/**
 * What the stack config knows and the resources cannot show: which object id is which identity, and
 * where the config lives (problems name `<configPath>.<key>`). Optional fields are unknown to a
 * policy pack, which then checks what the resources alone can prove.
 */
export interface SiteFacts {
    /** Config key the site was read from, e.g. `edge-fabric:site`. Default: none, paths are relative. */
    configPath?: string;
    /** Object ids by role. */
    principals: {
        /** The AIO extension identity the dataflows authenticate with (`edge.identity.principalId`). */
        aio?: string;
        /** The ACSA extension identity that uploads the edge volume (`edge.cold.acsaPrincipalId`). */
        acsa?: string;
        /** The principal running `pulumi up` (the deployer). */
        deployer?: string;
    };
    /**
     * Access the stack relies on without creating it (the config said the platform granted it):
     * `captureDeployer`, the deployer's account-scope write on the archive; `workspaceWriters`, the AIO
     * identity's Contributor role on the Fabric workspaces it writes to.
     */
    preassigned: ReadonlySet<PreassignedAccess>;
}

/** Access a site may declare as granted outside the stack. */
export type PreassignedAccess = "captureDeployer" | "workspaceWriters";

/** How a hop's principal proves who it is. */
export type AuthMode = "entra-managed-identity" | "entra-user-or-principal" | "shared-access-key" | "sas-listen-hub" | "impersonation" | "workspace-identity" | "kubernetes";

/** Display text of each auth mode. */
export const AUTH_MODE_TEXT: Record<AuthMode, string> = {
    "entra-managed-identity": "Entra ID (managed identity)",
    "entra-user-or-principal": "Entra ID (user or service principal)",
    "shared-access-key": "shared access key (SAS)",
    "sas-listen-hub": "SAS (Listen, hub scope)",
    impersonation: "impersonation of the creating principal",
    "workspace-identity": "Fabric workspace identity",
    kubernetes: "in-cluster (Kubernetes)",
};

/** The way a hop's traffic travels (`none` for a hop the plan does not hold). */
export type NetworkPath = "none" | "public endpoint" | "private endpoint" | "trusted service exception" | "managed private endpoint" | "inside Fabric" | "inside the cluster";

/** What a hop checks; a problem names one, so the table can mark each column. */
export type HopAspect = "ingestion" | "auth" | "role" | "network" | "asset" | "order" | "tier";

/** Why a hop cannot work, and what fixes it. */
export interface HopProblem {
    aspect: HopAspect;
    /** What is missing or wrong, in the reader's words. */
    missing: string;
    /** The config path (under `SiteFacts.configPath`) whose value would fix it. */
    configPath: string;
    /** How to fix it. */
    fix: string;
    /** The public source of the rule (a Learn URL). */
    source: string;
}

/** One hop as its builder describes it, before the checks run. */
export interface HopFacts {
    /** Stable id, e.g. `edge-eventhubs`, `eventhubs-bronze`, `capture-archive`. */
    id: string;
    /** What the hop is, e.g. `edge -> Event Hubs`. */
    hop: string;
    producer: string;
    consumer: string;
    /** Protocol and port, e.g. `Kafka over TLS, port 9093`. */
    transport: string;
    /** Who authenticates, e.g. `AIO extension identity 1111...`. */
    principal: string;
    auth: AuthMode;
    /** The role the principal needs on the target and its scope; undefined when the hop needs none. */
    role?: { name: string; scope: string };
    network: NetworkPath;
    /**
     * Where the producer runs, which decides the private path it can take: `edge` (the plant, through
     * the site's VNet and its private endpoints), `azure` (an Azure service such as Capture or an ADX
     * cluster, through the target's trusted-service exception) or `fabric` (its own builder decides).
     * Default `edge`.
     */
    origin?: "edge" | "azure" | "fabric";
    /** What identifies the asset in what the hop carries, e.g. `document field x-aio-topic`; `-` for hops that carry no readings. */
    assetKey: string;
    /**
     * URN of the resource whose settings decide whether the auth mode and network path are allowed
     * (the namespace, the storage account); undefined when that resource is outside the stack.
     */
    target?: string;
    /** Problems the builder found itself. */
    problems: HopProblem[];
    /** False for a hop the site needs but the plan does not hold (no ingestion into Bronze): listed, never drawn. Default true. */
    planned?: boolean;
}

/** A hop with its verdict: what `access.json` lists. */
export interface Hop extends Omit<HopFacts, "auth" | "problems" | "target" | "planned" | "origin"> {
    auth: { mode: string; allowed: boolean };
    planned: boolean;
    verdict: "ok" | "fails";
    problems: HopProblem[];
}

/** The planned resources with lookups, and the site facts; what builders and checks read. */
export interface DataPathInput {
    resources: readonly ResourceView[];
    site: SiteFacts;
}

/** Builds the rows of one kind of hop (zero rows when the plan holds no such hop). */
export type HopBuilder = (input: DataPathInput) => HopFacts[];

/**
 * A rule over every row (e.g. "a SAS consumer needs local auth on its namespace"): returns the
 * problems it finds in `hop`. Cite the rule's public source in `HopProblem.source`.
 */
export type HopCheck = (hop: HopFacts, input: DataPathInput) => HopProblem[];
