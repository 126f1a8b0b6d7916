// Runs the policy pack on recorded resources the way `pulumi preview` hands them over: each resource's
// dependencies and property dependencies as resources, props behind @pulumi/policy's own
// unknown-checking proxy (reading an unknown value throws, as in the policy server).
import { createRequire } from "node:module";
import type { PolicyResource, ResourceValidationArgs, StackValidationArgs } from "@pulumi/policy";
import type { ResourceView } from "../../components/data-path";
import { policies } from "../../policy/policies";

// The proxy is internal to @pulumi/policy (no types); loaded so the tests meet the real behaviour.
const { unknownCheckingProxy } = createRequire(__filename)("@pulumi/policy/proxy") as { unknownCheckingProxy: (o: object) => Record<string, unknown> };

/** The recorded resources as policy resources. */
export function policyResources(records: readonly ResourceView[]): PolicyResource[] {
    const byUrn = new Map<string, PolicyResource>();
    for (const r of records) {
        byUrn.set(r.urn, { type: r.type, name: r.name, urn: r.urn, props: unknownCheckingProxy(r.inputs), dependencies: [], propertyDependencies: {}, opts: {} } as unknown as PolicyResource);
    }
    for (const r of records) {
        const resolve = (urns: string[]) => urns.map((d) => byUrn.get(d)).filter((d): d is PolicyResource => d !== undefined);
        const policyResource = byUrn.get(r.urn) as PolicyResource;
        policyResource.dependencies = resolve(r.dependencies);
        policyResource.propertyDependencies = Object.fromEntries(Object.entries(r.propertyDependencies).map(([k, urns]) => [k, resolve(urns)]));
    }
    return [...byUrn.values()];
}

/** Every violation of the pack on `records`, as `<policy> <resource or "stack">: <message>`. */
export async function violations(records: readonly ResourceView[], only?: readonly string[]): Promise<string[]> {
    const resources = policyResources(records);
    const found: string[] = [];
    for (const policy of policies.filter((p) => only === undefined || only.includes(p.name))) {
        const report = (name: string) => (m: string) => found.push(`${policy.name} ${name}: ${m}`);
        if ("validateStack" in policy) {
            await policy.validateStack({ resources, getConfig: () => ({}) } as unknown as StackValidationArgs, report("stack"));
        } else {
            for (const r of resources) {
                await (policy.validateResource as (a: ResourceValidationArgs, rep: (m: string) => void) => void | Promise<void>)({ ...r, getConfig: () => ({}) } as unknown as ResourceValidationArgs, report(r.name));
            }
        }
    }
    return found;
}
