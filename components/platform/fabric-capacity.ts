/**
 * `FabricCapacity`: the Fabric capacity the platform's workspace runs on, created with azure-native
 * (`fabric.FabricCapacity`, ARM `Microsoft.Fabric/capacities`, API 2023-11-01) or adopted by its ARM id.
 *
 * The capacity's disaster-recovery setting (OneLake replication to the paired region) has no ARM or
 * Fabric REST API: a capacity admin turns it on in the Fabric admin portal (Capacity settings ->
 * the capacity -> Disaster Recovery). https://learn.microsoft.com/azure/reliability/reliability-fabric
 */
import * as pulumi from "@pulumi/pulumi";
import * as fabric from "@pulumi/azure-native/fabric";
import { Problems, type Problem, ValidationError } from "../validation";
import { GUID } from "../../kusto/text";

/** Fabric F SKUs (https://learn.microsoft.com/fabric/enterprise/licenses#capacity). */
export const FABRIC_SKUS = ["F2", "F4", "F8", "F16", "F32", "F64", "F128", "F256", "F512", "F1024", "F2048"] as const;
export type FabricSku = (typeof FABRIC_SKUS)[number];

/** The portal step the capacity's DR setting needs, said by plan and docs. */
export const CAPACITY_DR_PORTAL_STEP =
    "Fabric capacity disaster recovery has no API: a capacity admin turns it on in the Fabric admin portal (Admin portal > Capacity settings > the capacity > Disaster Recovery), see https://learn.microsoft.com/azure/reliability/reliability-fabric";

export interface FabricCapacityArgs {
    /** Adopt this capacity (ARM id `.../providers/Microsoft.Fabric/capacities/<name>`) instead of creating one; then no other arg applies. */
    capacityId?: string;
    /** Capacity name: 3-63 lowercase letters and digits, starting with a letter (ARM rule). Defaults to the component name. */
    capacityName?: string;
    /** Resource group to create it in. Required when creating. */
    resourceGroupName?: pulumi.Input<string>;
    /** Azure region. Required when creating. */
    location?: string;
    /** F SKU (`F2` ... `F2048`). Defaults to `F2`. */
    sku?: string;
    /** Capacity administrators: user principal names (`ops@contoso.com`) or service principal object ids. At least one when creating. */
    administrators?: string[];
    /** Tags. Defaults to none. */
    tags?: Record<string, string>;
}

const NAME = /^[a-z][a-z0-9]{2,62}$/;
const UPN = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const CAPACITY_ID = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Fabric\/capacities\/([a-z][a-z0-9]{2,62})$/i;

/** Every problem with the args, each naming the arg and the rule. Pure. */
export function validateFabricCapacityArgs(name: string, args: FabricCapacityArgs): Problem[] {
    const problems = new Problems(`FabricCapacity "${name}"`);
    if (args.capacityId !== undefined) {
        problems.require(CAPACITY_ID.test(args.capacityId), "capacityId", `must be a Fabric capacity ARM id (/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Fabric/capacities/<name>), got "${args.capacityId}"`);
        for (const key of ["capacityName", "sku", "administrators", "location"] as const) {
            problems.require(args[key] === undefined, key, "does not apply to an adopted capacity (capacityId): change it on the capacity itself");
        }
        return [...problems.all];
    }
    const capacityName = args.capacityName ?? name;
    problems.require(NAME.test(capacityName), "capacityName", `must be 3-63 lowercase letters and digits starting with a letter, got "${capacityName}"`);
    problems.require(args.resourceGroupName !== undefined, "resourceGroupName", "is required to create a capacity");
    problems.require(!!args.location, "location", "is required to create a capacity");
    const sku = args.sku ?? "F2";
    problems.require((FABRIC_SKUS as readonly string[]).includes(sku), "sku", `must be one of ${FABRIC_SKUS.join(", ")}, got "${sku}" (P and A SKUs are not Fabric capacities)`);
    const admins = args.administrators ?? [];
    problems.require(admins.length > 0, "administrators", "needs at least one capacity administrator (a user principal name or a service principal object id)");
    admins.forEach((admin, i) => {
        problems.require(UPN.test(admin) || GUID.test(admin), `administrators[${i}]`, `must be a user principal name (ops@contoso.com) or a service principal object id (uuid), got "${admin}"`);
    });
    problems.require(new Set(admins.map((a) => a.toLowerCase())).size === admins.length, "administrators", "lists an administrator twice");
    return [...problems.all];
}

/** A Fabric capacity, created or adopted. Type token `edge-fabric:platform:FabricCapacity`. */
export class FabricCapacity extends pulumi.ComponentResource {
    /** ARM id of the capacity. */
    readonly capacityId: pulumi.Output<string>;
    /** Capacity name: its display name in Fabric, which the workspace's capacity assignment resolves. */
    readonly capacityName: pulumi.Output<string>;
    /** Whether the capacity was adopted by id. */
    readonly adopted: boolean;

    constructor(name: string, args: FabricCapacityArgs, opts?: pulumi.ComponentResourceOptions) {
        ValidationError.throwIfAny(`FabricCapacity "${name}"`, validateFabricCapacityArgs(name, args));
        super("edge-fabric:platform:FabricCapacity", name, {}, opts);
        this.adopted = args.capacityId !== undefined;
        if (args.capacityId !== undefined) {
            this.capacityId = pulumi.output(args.capacityId);
            this.capacityName = pulumi.output(CAPACITY_ID.exec(args.capacityId)?.[1] ?? "");
        } else {
            const capacity = new fabric.FabricCapacity(
                name,
                {
                    capacityName: args.capacityName ?? name,
                    resourceGroupName: args.resourceGroupName as pulumi.Input<string>,
                    location: args.location,
                    sku: { name: args.sku ?? "F2", tier: "Fabric" },
                    administration: { members: args.administrators ?? [] },
                    tags: args.tags,
                },
                { parent: this },
            );
            this.capacityId = capacity.id;
            this.capacityName = capacity.name;
        }
        this.registerOutputs({ capacityId: this.capacityId, capacityName: this.capacityName });
    }
}
