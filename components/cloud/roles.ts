/**
 * Built-in role assignments shared by the cloud components: one `authorization.RoleAssignment` per
 * principal, role and scope, the role id built from the deploying subscription.
 */
import * as pulumi from "@pulumi/pulumi";
import { RoleAssignment, getClientConfigOutput } from "@pulumi/azure-native/authorization";
import { roleDefinitionId } from "./rules/arm";
import type { RoleName } from "./rules/limits";
import type { Problems } from "../validation";

/** An identity to grant a role to. */
export interface PrincipalRef {
    /**
     * Short logical name (`aio`, `eventhouse`, ...), used in the Pulumi resource name so the
     * assignment keeps its identity when `principalId` is only known after deployment.
     */
    name: string;
    /** Object (principal) id of the identity, e.g. a managed identity's `principalId`. */
    principalId: pulumi.Input<string>;
    /** Kind of principal. Default `ServicePrincipal` (managed identities are service principals). */
    principalType?: "ServicePrincipal" | "User" | "Group";
}

/** Grants built-in roles with `parent` as the parent; the subscription is read once per granter. */
export class RoleGranter {
    private subscriptionId: pulumi.Output<string> | undefined;
    constructor(private readonly parent: pulumi.Resource) {}

    grant(resourceName: string, principal: PrincipalRef, role: RoleName, scope: pulumi.Input<string>, description: string): RoleAssignment {
        this.subscriptionId ??= getClientConfigOutput({ parent: this.parent }).subscriptionId;
        return new RoleAssignment(
            resourceName,
            {
                principalId: principal.principalId,
                principalType: principal.principalType ?? "ServicePrincipal",
                roleDefinitionId: this.subscriptionId.apply((sub) => roleDefinitionId(sub, role)),
                scope,
                description,
            },
            { parent: this.parent },
        );
    }
}

/** Checks principal names are well formed and unique within a list (they name resources). */
export function checkPrincipals(p: Problems, principals: readonly PrincipalRef[] | undefined, prop: string): void {
    const seen = new Set<string>();
    (principals ?? []).forEach((principal, i) => {
        p.require(/^[a-z0-9][a-z0-9-]{0,39}$/i.test(principal.name), `${prop}[${i}].name`, `"${principal.name}" must be 1-40 letters, digits or hyphens (it names the role assignment resource)`);
        p.require(!seen.has(principal.name), `${prop}[${i}].name`, `"${principal.name}" is used twice; give each principal its own name`);
        seen.add(principal.name);
    });
}
