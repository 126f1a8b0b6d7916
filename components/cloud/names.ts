import * as pulumi from "@pulumi/pulumi";

/**
 * A resource's Azure name as an Output: the explicit name when the caller gave one (known as soon as
 * the resource exists, and in previews), otherwise the provider's answer (auto-named).
 */
export function azureName(resource: { id: pulumi.Output<string>; name: pulumi.Output<string> }, explicit: string | undefined): pulumi.Output<string> {
    return explicit === undefined ? resource.name : resource.id.apply(() => explicit);
}
