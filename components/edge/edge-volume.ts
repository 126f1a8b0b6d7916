import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { type EdgeVolumeDescription, type EdgeVolumePlan, planEdgeVolume } from "./edge-volume-plan";
import { ValidationError } from "../validation";

/** Arguments of {@link EdgeVolume}: the volume (see `EdgeVolumeDescription`) and how to reach the cluster. */
export interface EdgeVolumeArgs extends EdgeVolumeDescription {
    /**
     * Kubeconfig of the Arc cluster, e.g. `config.requireSecret("kubeconfig")`. The component builds
     * its Kubernetes provider from it and keeps it secret in state. Give this or `provider`.
     */
    kubeconfig?: pulumi.Input<string>;
    /** An existing Kubernetes provider for the cluster. Give this or `kubeconfig`. */
    provider?: k8s.Provider;
}

/**
 * An ACSA "cloud ingest" edge volume on the Arc cluster: a `cloud-backed-sc` PersistentVolumeClaim
 * and the subvolume custom resource (`arccontainerstorage.azure.net/v1`) that uploads every file
 * written under its path to the archive account's container, then evicts it locally. Point an
 * `AioDataflows` local-storage endpoint at `claimName` and its cold path at `path`.
 */
export class EdgeVolume extends pulumi.ComponentResource {
    /** The PVC name (plain, known at plan time, for wiring a local-storage endpoint). */
    readonly claimName: string;
    /** The uploaded directory inside the volume (plain, for the cold dataflow's destination). */
    readonly path: string;
    /** The validated objects as plain data. */
    readonly plan: EdgeVolumePlan;
    /** Name of the created PVC as Kubernetes reports it. */
    readonly claim: pulumi.Output<string>;

    constructor(name: string, args: EdgeVolumeArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validated before the component registers, so bad input leaves no trace in the stack.
        if ((args.kubeconfig === undefined) === (args.provider === undefined)) {
            throw new ValidationError("EdgeVolume", [{ path: "kubeconfig", message: "give exactly one of kubeconfig (a secret from stack config) or provider" }]);
        }
        const plan = planEdgeVolume(args);
        super("edge-fabric:edge:EdgeVolume", name, {}, opts);
        this.plan = plan;
        const provider = args.provider ?? new k8s.Provider(`${name}-cluster`, { kubeconfig: pulumi.secret(args.kubeconfig as pulumi.Input<string>) }, { parent: this });
        const { claim, customResources } = plan;

        const pvc = new k8s.core.v1.PersistentVolumeClaim(`${name}-claim`, { metadata: claim.metadata, spec: claim.spec }, { parent: this, provider });
        // The subvolume attaches to the edge volume ACSA creates for the PVC (and, in the old schema,
        // names its ingest policy), so each object waits for the ones before it.
        customResources.reduce<pulumi.Resource[]>(
            (before, cr) => [...before, new k8s.apiextensions.CustomResource(`${name}-${cr.kind.toLowerCase()}`, { apiVersion: cr.apiVersion, kind: cr.kind, metadata: cr.metadata, spec: cr.spec }, { parent: this, provider, dependsOn: before })],
            [pvc],
        );

        this.claimName = claim.metadata.name;
        this.path = plan.path;
        this.claim = pvc.metadata.name;
        this.registerOutputs({ claim: this.claim });
    }
}
