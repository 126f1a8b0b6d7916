/**
 * edge volume -> archive: the cold dataflow writes Parquet into the ACSA cloud-ingest volume, and the
 * ACSA extension uploads the files to the archive's `edge-ingest` container with its own managed
 * identity, which needs Storage Blob Data Owner on the account
 * (https://learn.microsoft.com/azure/azure-arc/container-storage/howto-configure-cloud-ingest-subvolumes).
 */
import type { DataPathInput, HopFacts, HopProblem } from "../hop-types";
import { Plan, shortId, text, TYPES } from "../resources";
import { SOURCES } from "../sources";
import { dataflowsOf, type Operation } from "./edge-to-eventhubs";
import { networkPath } from "./network";

const SCHEMA_REF = /^aio-sr:\/\/([^/]+)\/([^:]+):(.+)$/;

/**
 * A local-storage destination writes Parquet by the schema its `schemaRef` names in the AIO schema
 * registry (https://learn.microsoft.com/azure/iot-operations/connect-to-cloud/howto-configure-local-storage-endpoint):
 * without one, or with one the plan does not register, the cold dataflow writes nothing.
 */
function schemaProblems(plan: Plan, dataflow: string, operations: Operation[]): HopProblem[] {
    const ref = operations.map((o) => o.builtInTransformationSettings?.schemaRef).find((r) => r !== undefined);
    const match = ref === undefined ? null : SCHEMA_REF.exec(ref);
    const registered =
        match !== null &&
        plan.ofType(TYPES.schemaVersion).some((v) => v.inputs.schemaVersionName === match[3] && plan.ofType(TYPES.registrySchema).some((sc) => sc.inputs.schemaName === match[2] && sc.inputs.schemaRegistryName === match[1] && plan.waitsFor(v, sc)));
    if (registered) {
        return [];
    }
    return [
        {
            aspect: "ingestion",
            missing: ref === undefined ? `cold dataflow ${dataflow} names no schema (schemaRef) for its Parquet files` : `cold dataflow ${dataflow} names schema ${ref}, which the plan does not register in the AIO schema registry`,
            configPath: "edge.cold.schema",
            fix: "give { registryId, namespace } (and tags): the site registers the schema generated from the tags and the cold dataflow names it",
            source: SOURCES.localStorageSchema,
        },
    ];
}

export function edgeVolumeToArchive(input: DataPathInput): HopFacts[] {
    const plan = Plan.of(input);
    const localEndpoints = new Set(
        plan
            .ofType(TYPES.dataflowEndpoint)
            .filter((r) => (r.inputs.properties as { endpointType?: string } | undefined)?.endpointType === "LocalStorage")
            .map((r) => text(r.inputs.dataflowEndpointName)),
    );
    const writers = dataflowsOf(plan).filter((d) => localEndpoints.has(d.destination?.endpointRef));
    if (writers.length === 0) {
        return [];
    }
    const subvolume = plan.ofType(TYPES.ingestSubvolume)[0];
    const spec = subvolume?.inputs.spec as { storageAccountEndpoint?: string; containerName?: string } | undefined;
    const accountName = spec?.storageAccountEndpoint ? new URL(spec.storageAccountEndpoint).hostname.split(".")[0] : undefined;
    const account = accountName ? plan.byArmId(`/storageAccounts/${accountName}`) : undefined;
    const acsa = input.site.principals.acsa;
    const owners = plan.assignments().filter((a) => a.role === "storageBlobDataOwner" && (acsa === undefined || a.principalId === acsa) && (account === undefined || a.scope?.urn === account.urn));
    const problems: HopProblem[] = writers.flatMap(({ flow, operations }) => schemaProblems(plan, String(flow.inputs.dataflowName), operations));
    if (owners.length === 0) {
        problems.push({
            aspect: "role",
            missing: `the ACSA extension identity ${acsa ?? ""} has no Storage Blob Data Owner role on the archive account, so uploads fail and the volume fills up`,
            configPath: "edge.cold.acsaPrincipalId",
            fix: "set it to the object id of the ACSA extension's identity (az k8s-extension list ... --query identity.principalId): the site grants it the role",
            source: SOURCES.acsaIdentity,
        });
    }
    return [
        {
            id: "edge-volume-archive",
            hop: "edge volume -> archive",
            producer: `ACSA cloud-ingest volume${subvolume ? ` ${String((subvolume.inputs.metadata as { name?: string } | undefined)?.name)}` : " (delivered by GitOps)"}`,
            consumer: `container ${spec?.containerName ?? "edge-ingest"}${accountName ? ` in account ${accountName}` : ""}`,
            transport: "HTTPS, port 443 (blob upload)",
            principal: `ACSA extension identity ${shortId(acsa)}`,
            auth: "entra-managed-identity",
            role: { name: "Storage Blob Data Owner", scope: `account ${accountName ?? "(the archive)"}` },
            network: networkPath(plan, account),
            assetKey: "the file's path and the Parquet rows (topic per reading)",
            target: account?.urn,
            problems,
        },
    ];
}
