/**
 * The ACSA (Azure Container Storage enabled by Azure Arc) "cloud ingest" edge volume as plain
 * Kubernetes objects: a `cloud-backed-sc` PersistentVolumeClaim and the subvolume custom resource
 * that uploads the files written under its path to a blob container. Pure: validated and built
 * without Pulumi, so the rules are tested alone.
 *
 * CRD group/version `arccontainerstorage.azure.net/v1`. Sources:
 * - `IngestSubvolume` (ACSA 2.8.2 and later): MicrosoftDocs/azure-management-docs
 *   `articles/azure-arc/container-storage/howto-configure-cloud-ingest-subvolumes.md` (ms.date 09/27/2025):
 *   `spec.edgevolume`, `spec.path` (no leading slash), `spec.authentication.authType`
 *   (MANAGED_IDENTITY | WORKLOAD_IDENTITY), `spec.storageAccountEndpoint`, `spec.containerName`,
 *   `spec.ingest{order: oldest-first|newest-first, minDelaySec 0-31536000}`,
 *   `spec.eviction{order: unordered|never, minDelaySec 0-31536000}`, `spec.onDelete: trigger-immediate-ingest|abandon`.
 * - `EdgeSubvolume` + `EdgeIngestPolicy` (ACSA 2.7 and earlier): same repo,
 *   `cloud-ingest-edge-volume-configuration.md` (ms.date 03/12/2025): `spec.subvolumeType: INGEST`,
 *   `spec.auth.authType`, `spec.storageaccountendpoint`, `spec.container`, `spec.ingestPolicy`;
 *   policy defaults ingest oldest-first/60 s, eviction unordered/300 s.
 * - PVC: `includes/create-pvc.md` (ReadWriteMany, `storageClassName: cloud-backed-sc`).
 * - Edge volume named after its PVC: microsoft/edge-ai `src/500-application/503-media-capture-service/yaml/`
 *   (`cloudBackedPVC.yaml` / `mediaEdgeSubvolume.yaml`); the docs say to read it from `kubectl get edgevolumes`.
 */
import { type Problem, Problems, ValidationError } from "../validation";
import { blobHost, checkContainerName, checkInteger, checkK8sLabel, checkK8sName, checkRelativePath } from "./rules";

export const ACSA_API_VERSION = "arccontainerstorage.azure.net/v1";

/** Which ACSA subvolume schema the installed extension understands. */
export type AcsaSchema = "IngestSubvolume" | "EdgeSubvolume";

export interface IngestPolicy {
    /** Upload order (best effort). Default `oldest-first`, so the archive fills chronologically after an outage. */
    order?: "oldest-first" | "newest-first";
    /** Seconds a written file waits before it may be uploaded (0-31536000). Default 60. */
    minDelaySec?: number;
}

export interface EvictionPolicy {
    /** `unordered` deletes uploaded files; `never` keeps them (the volume then fills up). Default `unordered`. */
    order?: "unordered" | "never";
    /** Seconds an uploaded file stays on the edge before it may be deleted (0-31536000). Default 300. */
    minDelaySec?: number;
}

export interface EdgeVolumeDescription {
    /** PVC name; also the edge volume's name unless `edgeVolumeName` says otherwise. */
    claimName: string;
    /** Namespace of the PVC. Default `azure-iot-operations` (an AIO local-storage endpoint needs the PVC there). */
    namespace?: string;
    /** Size of the edge volume, a Kubernetes quantity. Default `10Gi`. */
    size?: string;
    /** Default `cloud-backed-sc` (ACSA cloud-backed volumes). */
    storageClassName?: string;
    /** Name of the ACSA EdgeVolume the subvolume attaches to. Default: `claimName`. */
    edgeVolumeName?: string;
    /** Default `IngestSubvolume` (ACSA 2.8.2+). Use `EdgeSubvolume` for extensions 2.7 and earlier. */
    schema?: AcsaSchema;
    subvolume: {
        /** Custom resource name. */
        name: string;
        /** Directory inside the volume whose files are uploaded, no leading slash. Default `ingest`. */
        path?: string;
        /** The archive account's blob endpoint, `https://<account>.blob.core.windows.net/` (or its account name). */
        storageAccount: string;
        /** The archive container. */
        containerName: string;
        /** Default `MANAGED_IDENTITY`: the ACSA extension identity, which needs Storage Blob Data Owner on the account. */
        authType?: "MANAGED_IDENTITY" | "WORKLOAD_IDENTITY";
        ingest?: IngestPolicy;
        eviction?: EvictionPolicy;
        /** `IngestSubvolume` only. Default `trigger-immediate-ingest`. `abandon` loses files not yet uploaded and needs `allowDataLossOnDelete`. */
        onDelete?: "trigger-immediate-ingest" | "abandon";
        /** Acknowledge that `onDelete: abandon` drops un-uploaded files. Default `false`. */
        allowDataLossOnDelete?: boolean;
    };
}

/** A Kubernetes object as plain data. */
export interface K8sObject {
    apiVersion: string;
    kind: string;
    metadata: { name: string; namespace?: string };
    spec: Record<string, unknown>;
}

export interface EdgeVolumePlan {
    claim: K8sObject;
    /** In creation order: (EdgeSubvolume schema only) the EdgeIngestPolicy, then the subvolume. */
    customResources: K8sObject[];
    /** Directory inside the volume that is uploaded: the cold dataflow's destination. */
    path: string;
    /** `https://<account>.blob.<suffix>/`. */
    storageAccountEndpoint: string;
}

const QUANTITY = /^[0-9]+(\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/;
const MAX_DELAY_SEC = 31536000;

/** Every problem in `desc` (empty when it can be planned), each with its path. */
export function validateEdgeVolume(desc: EdgeVolumeDescription): Problem[] {
    const issues = new Problems("EdgeVolume");
    const sub = desc.subvolume;
    checkK8sName(issues, "claimName", desc.claimName);
    checkK8sLabel(issues, "namespace", desc.namespace ?? "azure-iot-operations");
    if (desc.edgeVolumeName !== undefined) checkK8sName(issues, "edgeVolumeName", desc.edgeVolumeName);
    if (desc.storageClassName !== undefined) checkK8sName(issues, "storageClassName", desc.storageClassName);
    const size = desc.size ?? "10Gi";
    if (!QUANTITY.test(size) || Number.parseFloat(size) <= 0) {
        issues.add("size", `"${size}" is not a positive Kubernetes quantity such as 10Gi or 500Mi`);
    }
    checkK8sName(issues, "subvolume.name", sub.name);
    const path = sub.path ?? "ingest";
    checkRelativePath(issues, "subvolume.path", path, "ingest");
    if (!blobHost(sub.storageAccount)) {
        issues.add("subvolume.storageAccount", `"${sub.storageAccount}" is neither a storage account name (3-24 lowercase letters and digits) nor a blob endpoint https://<account>.blob.<suffix>/`);
    }
    checkContainerName(issues, "subvolume.containerName", sub.containerName);
    if (sub.ingest?.minDelaySec !== undefined) checkInteger(issues, "subvolume.ingest.minDelaySec", sub.ingest.minDelaySec, 0, MAX_DELAY_SEC);
    if (sub.eviction?.minDelaySec !== undefined) checkInteger(issues, "subvolume.eviction.minDelaySec", sub.eviction.minDelaySec, 0, MAX_DELAY_SEC);
    const schema = desc.schema ?? "IngestSubvolume";
    if (schema === "EdgeSubvolume" && sub.onDelete !== undefined) {
        issues.add("subvolume.onDelete", "the EdgeSubvolume schema (ACSA 2.7 and earlier) has no onDelete; it exists from IngestSubvolume (2.8.2) on");
    }
    if (sub.onDelete === "abandon" && !sub.allowDataLossOnDelete) {
        issues.add("subvolume.onDelete", `"abandon" deletes files not yet uploaded when the subvolume is deleted; set allowDataLossOnDelete: true to accept that, or keep trigger-immediate-ingest`);
    }
    return [...issues.all];
}

/** Validates `desc` and returns the PVC and the subvolume custom resource(s). */
export function planEdgeVolume(desc: EdgeVolumeDescription): EdgeVolumePlan {
    ValidationError.throwIfAny("EdgeVolume", validateEdgeVolume(desc));
    const sub = desc.subvolume;
    const path = sub.path ?? "ingest";
    // The ACSA docs write the endpoint with its trailing slash (properties.primaryEndpoints.blob).
    const endpoint = `${blobHost(sub.storageAccount) as string}/`;
    const authType = sub.authType ?? "MANAGED_IDENTITY";
    const ingest = { order: sub.ingest?.order ?? "oldest-first", minDelaySec: sub.ingest?.minDelaySec ?? 60 };
    const eviction = { order: sub.eviction?.order ?? "unordered", minDelaySec: sub.eviction?.minDelaySec ?? 300 };
    const edgevolume = desc.edgeVolumeName ?? desc.claimName;
    // The subvolume CRDs are namespaced: their objects live beside the PVC (Flux refuses a
    // namespaced object without one, and the direct path would put it in the provider's default).
    const namespace = desc.namespace ?? "azure-iot-operations";
    const claim: K8sObject = {
        apiVersion: "v1",
        kind: "PersistentVolumeClaim",
        metadata: { name: desc.claimName, namespace },
        spec: { accessModes: ["ReadWriteMany"], resources: { requests: { storage: desc.size ?? "10Gi" } }, storageClassName: desc.storageClassName ?? "cloud-backed-sc" },
    };
    if ((desc.schema ?? "IngestSubvolume") === "IngestSubvolume") {
        const subvolume: K8sObject = {
            apiVersion: ACSA_API_VERSION,
            kind: "IngestSubvolume",
            metadata: { name: sub.name, namespace },
            spec: { edgevolume, path, authentication: { authType }, storageAccountEndpoint: endpoint, containerName: sub.containerName, ingest, eviction, onDelete: sub.onDelete ?? "trigger-immediate-ingest" },
        };
        return { claim, customResources: [subvolume], path, storageAccountEndpoint: endpoint };
    }
    const policyName = `${sub.name}-policy`;
    const subvolume: K8sObject = {
        apiVersion: ACSA_API_VERSION,
        kind: "EdgeSubvolume",
        metadata: { name: sub.name, namespace },
        spec: { edgevolume, path, subvolumeType: "INGEST", auth: { authType }, storageaccountendpoint: endpoint, container: sub.containerName, ingestPolicy: policyName },
    };
    const policy: K8sObject = { apiVersion: ACSA_API_VERSION, kind: "EdgeIngestPolicy", metadata: { name: policyName, namespace }, spec: { ingest, eviction } };
    return { claim, customResources: [policy, subvolume], path, storageAccountEndpoint: endpoint };
}
