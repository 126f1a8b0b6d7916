/**
 * The platform program (`platform/Pulumi.yaml`): what every site stack stands on. Reads
 * `edge-fabric-platform:platform`, validates all of it before registering anything, and builds a
 * resource group, the Fabric capacity (created or adopted), the workspace on it with its identity and
 * role assignments, and optionally a shared Event Hubs namespace and a shared Eventhouse. Its outputs
 * are named by the platform contract (`components/platform/contract.ts`) that site configs'
 * `{ stackOutput }` references are checked against.
 */
import * as pulumi from "@pulumi/pulumi";
import * as resources from "@pulumi/azure-native/resources";
import * as eventhub from "@pulumi/azure-native/eventhub";
import { z } from "zod";
import { Eventhouse } from "../components/cloud/eventhouse";
import type { PlatformOutputs } from "../components/platform/contract";
import { FabricCapacity, validateFabricCapacityArgs } from "../components/platform/fabric-capacity";
import { PlatformWorkspace, validatePlatformWorkspaceArgs } from "../components/platform/platform-workspace";
import { Problems, ValidationError } from "../components/validation";

/** Project name of the platform program; its config keys are `edge-fabric-platform:<key>`. */
export const PLATFORM_PROJECT = "edge-fabric-platform";
export const PLATFORM_KEY = `${PLATFORM_PROJECT}:platform`;

const grant = z.strictObject({
    name: z.string(),
    principalId: z.string(),
    principalType: z.enum(["User", "Group", "ServicePrincipal", "ServicePrincipalProfile"]).optional(),
    role: z.enum(["Admin", "Member", "Contributor", "Viewer"]),
});

export const platformSchema = z.strictObject({
    /** 2-12 lowercase letters/digits: part of every name. */
    name: z.string().regex(/^[a-z][a-z0-9]{1,11}$/, "must be 2-12 lowercase letters and digits, starting with a letter"),
    location: z.string().min(1),
    /** Defaults to `rg-edge-fabric-platform-<name>`. */
    resourceGroupName: z.string().optional(),
    tags: z.record(z.string(), z.string()).optional(),
    capacity: z.strictObject({
        id: z.string().optional(),
        name: z.string().optional(),
        sku: z.string().optional(),
        administrators: z.array(z.string()).optional(),
    }),
    workspace: z.strictObject({
        id: z.string().optional(),
        displayName: z.string().optional(),
        description: z.string().optional(),
        identity: z.boolean().optional(),
        roles: z.array(grant).optional(),
    }),
    eventHubs: z
        .strictObject({
            namespaceName: z.string().regex(/^[a-z][a-z0-9-]{4,48}[a-z0-9]$/, "must be 6-50 lowercase letters, digits and hyphens"),
            sku: z.enum(["Standard", "Premium"]).optional(),
            capacity: z.number().int().min(1).max(40).optional(),
        })
        .optional(),
    eventhouse: z
        .strictObject({
            name: z.string().regex(/^[A-Za-z0-9_.-]{1,256}$/),
            minimumConsumptionUnits: z.number().optional(),
        })
        .optional(),
    apiBaseUrl: z.string().optional(),
});

export type PlatformConfig = z.output<typeof platformSchema>;

/** The validated config, or a `ValidationError` listing every problem under `edge-fabric-platform:platform`. */
export function parsePlatform(value: unknown): PlatformConfig {
    const parsed = platformSchema.safeParse(value);
    const problems = new Problems(`${PLATFORM_KEY} is invalid`);
    if (!parsed.success) {
        for (const issue of parsed.error.issues) {
            problems.add(issue.path.map((p) => (typeof p === "number" ? `[${p}]` : String(p))).join(".").replace(/\.\[/g, "["), issue.message);
        }
        problems.throwIfAny();
    }
    const config = parsed.data as PlatformConfig;
    problems.addAll(validateFabricCapacityArgs(`cap${config.name}`, capacityArgs(config, "")), "capacity");
    problems.addAll(validatePlatformWorkspaceArgs({ ...workspaceArgs(config), capacityName: "" }).map((p) => ({ ...p, path: p.path.replace(/^workspaceId/, "id") })), "workspace");
    problems.throwIfAny();
    return config;
}

function capacityArgs(config: PlatformConfig, resourceGroupName: pulumi.Input<string>) {
    const c = config.capacity;
    return c.id !== undefined
        ? { capacityId: c.id, capacityName: c.name, sku: c.sku, administrators: c.administrators }
        : { capacityName: c.name ?? `fc${config.name}`, resourceGroupName, location: config.location, sku: c.sku, administrators: c.administrators, tags: config.tags };
}

function workspaceArgs(config: PlatformConfig) {
    const w = config.workspace;
    return { workspaceId: w.id, displayName: w.displayName, description: w.description, identity: w.identity, roles: w.roles, apiBaseUrl: config.apiBaseUrl };
}

/** Builds the platform; the returned outputs are the stack's, named by the platform contract. */
export function platformProgram(config: PlatformConfig): PlatformOutputs<pulumi.Output<string>> {
    const tags = { ...config.tags, "edge-fabric:platform": config.name };
    const group = new resources.ResourceGroup("platform", { resourceGroupName: config.resourceGroupName ?? `rg-edge-fabric-platform-${config.name}`, location: config.location, tags });
    const capacity = new FabricCapacity(`cap${config.name}`, capacityArgs(config, group.name));
    const workspace = new PlatformWorkspace(`platform-${config.name}`, { ...workspaceArgs(config), capacityName: capacity.capacityName });
    const outputs: PlatformOutputs<pulumi.Output<string>> = {
        fabricCapacityId: capacity.capacityId,
        fabricWorkspaceId: workspace.workspaceId,
        workspaceIdentityPrincipalId: workspace.identityPrincipalId,
    };
    if (config.eventHubs) {
        // Secure defaults as the site's own namespaces: Entra ID only, TLS 1.2, a system identity for Capture.
        const namespace = new eventhub.Namespace("shared", {
            namespaceName: config.eventHubs.namespaceName,
            resourceGroupName: group.name,
            location: config.location,
            sku: { name: config.eventHubs.sku ?? "Standard", tier: config.eventHubs.sku ?? "Standard", capacity: config.eventHubs.capacity ?? 1 },
            disableLocalAuth: true,
            minimumTlsVersion: "1.2",
            identity: { type: "SystemAssigned" },
            tags,
        });
        outputs.eventHubsNamespaceId = namespace.id;
        outputs.eventHubsPrincipalId = namespace.identity.apply((i) => i?.principalId ?? "");
    }
    if (config.eventhouse) {
        const eventhouse = new Eventhouse(config.eventhouse.name, { workspaceId: workspace.workspaceId, eventhouseName: config.eventhouse.name, minimumConsumptionUnits: config.eventhouse.minimumConsumptionUnits, apiBaseUrl: config.apiBaseUrl }, { dependsOn: [workspace] });
        outputs.eventhouseId = eventhouse.eventhouseId;
        outputs.kqlDatabaseId = eventhouse.databaseId;
        outputs.eventhouseQueryUri = eventhouse.queryServiceUri;
    }
    return outputs;
}

/** The program as Pulumi runs it: config from the stack, errors as their messages. */
export function runPlatform(): PlatformOutputs<pulumi.Output<string>> {
    const config = new pulumi.Config(PLATFORM_PROJECT);
    try {
        return platformProgram(parsePlatform(config.requireObject("platform")));
    } catch (err) {
        if (err instanceof ValidationError) {
            throw new pulumi.RunError(err.message);
        }
        throw err;
    }
}
