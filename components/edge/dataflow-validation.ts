/**
 * Validation of a dataflows description: every problem reported with the path of the offending
 * entry before anything is built. Pure: no Pulumi, no I/O.
 *
 * Facts used:
 * - Kafka endpoint defaults/enums and Event Hubs on port 9093: learn "Configure Azure Event Hubs and
 *   Kafka data flow endpoints" (howto-configure-kafka-endpoint.md, ms.date 06/17/2025).
 * - Partition strategy `Topic` = "uses the MQTT topic name from the data flow source as the key"; the
 *   `Property` strategy needs `partitionKeyProperty`, which no ARM version carries (absent from the
 *   2024-11-01 spec and from the 2026-03-01 `DataflowEndpoint_Get_MaximumSet_Gen.json` example).
 * - Every dataflow must have the local broker endpoint (`default`) as source or destination
 *   (https://learn.microsoft.com/azure/iot-operations/connect-to-cloud/howto-create-dataflow).
 * - Storage destinations need `schemaRef` + `serializationFormat` (howto-configure-dataflow-destination).
 */
import { type Problem, Problems } from "../validation";
import {
    blobHost,
    checkAioName,
    checkContainerName,
    checkGuid,
    checkIdentifier,
    checkInteger,
    checkK8sName,
    checkMaxLength,
    checkRelativePath,
    checkTopicFilter,
    checkTopicName,
    checkUnique,
} from "./rules";
import type { ApiCapabilities, ColdPath, DataflowsDescription, EndpointDescription, HotPath, KafkaAuth, KafkaBatching, ManagedIdentity, SiteDescription, StorageBatching } from "./dataflow-description";

const KAFKA_KINDS = new Set<EndpointDescription["kind"]>(["eventHubs", "eventstream"]);
const MANAGED_IDENTITIES: readonly KafkaAuth["type"][] = ["UserAssigned", "SystemAssigned"];
const KAFKA_AUTH: readonly KafkaAuth["type"][] = [...MANAGED_IDENTITIES, "Sasl"];
const STORAGE_KINDS = new Set<EndpointDescription["kind"]>(["localStorage", "dataLake", "fabricOneLake"]);
const EVENT_HUBS_PORT = 9093;
/** Namespace (and alias) names: 6-50 characters, letters, digits and hyphens, starting with a letter. */
const NAMESPACE_LABEL = /^[a-zA-Z][a-zA-Z0-9-]{4,48}[a-zA-Z0-9]$/;
const EVENT_HUB_NAME = /^[a-zA-Z0-9]([a-zA-Z0-9._-]{0,254}[a-zA-Z0-9])?$/;
const FABRIC_HOST = /^https:\/\/[a-z0-9.-]+\.fabric\.microsoft\.(com|us)$/;
const SCHEMA_REF = /^aio-sr:\/\/[^/\s]+\/[^:\s]+:\S+$/;
const HOST_PORT = /^[a-zA-Z0-9.-]+:\d{1,5}$/;
const RESOURCE_GROUP = /^[-\w._()]{1,90}$/;
const CUSTOM_LOCATION_ID = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.ExtendedLocation\/customLocations\/[^/]+$/i;
export const DEFAULT_PROFILE = "edge-fabric";
export const DEFAULT_BROKER_ENDPOINT = "default";
export const DEFAULT_ONELAKE_HOST = "https://onelake.dfs.fabric.microsoft.com";

function keyOf(site: string, line: string, asset: string): string {
    return `${site}/${line}/${asset}`;
}

/** Every asset with its key, source topic and description path. */
export function assetsOf(site: SiteDescription): { ref: string; key: string; topic: string; path: string }[] {
    return site.lines.flatMap((line, li) =>
        line.assets.map((asset, ai) => {
            const key = keyOf(site.site, line.name, asset.name);
            return { ref: `${line.name}/${asset.name}`, key, topic: asset.topic ?? key, path: `site.lines[${li}].assets[${ai}]` };
        }),
    );
}

function validateSiteDescription(issues: Problems, site: SiteDescription): void {
    checkIdentifier(issues, "site.site", site.site);
    if (site.lines.length === 0) {
        issues.add("site.lines", "a site needs at least one line");
    }
    checkUnique(issues, site.lines.map((l, i) => ({ path: `site.lines[${i}].name`, value: l.name })), "line name");
    site.lines.forEach((line, li) => {
        checkIdentifier(issues, `site.lines[${li}].name`, line.name);
        checkUnique(issues, line.assets.map((a, ai) => ({ path: `site.lines[${li}].assets[${ai}].name`, value: a.name })), `asset name in line "${line.name}"`);
        line.assets.forEach((asset, ai) => {
            checkIdentifier(issues, `site.lines[${li}].assets[${ai}].name`, asset.name);
            if (asset.topic !== undefined) {
                checkTopicName(issues, `site.lines[${li}].assets[${ai}].topic`, asset.topic);
            }
        });
    });
    const assets = assetsOf(site);
    checkUnique(issues, assets.map((a) => ({ path: `${a.path}.topic`, value: a.topic })), "asset topic");
    // A `key` dataflow publishes to an asset's key topic; if that is another asset's source topic, the
    // other asset's readings would be mixed with this one's.
    const byTopic = new Map(assets.map((a) => [a.topic, a]));
    for (const a of assets) {
        const other = byTopic.get(a.key);
        if (other && other !== a) {
            issues.add(`${other.path}.topic`, `"${other.topic}" is the partition-key topic of asset "${a.ref}"; republishing that asset would mix its readings into this one's`);
        }
    }
}

function validateIdentity(issues: Problems, path: string, identity: KafkaAuth, allowed: readonly KafkaAuth["type"][]): void {
    if (!allowed.includes(identity.type)) {
        issues.add(`${path}.type`, `"${String(identity.type)}" is not allowed here; use ${allowed.join(" or ")}`);
    } else if (identity.type === "UserAssigned") {
        checkGuid(issues, `${path}.clientId`, identity.clientId);
        checkGuid(issues, `${path}.tenantId`, identity.tenantId);
    } else if (identity.type === "Sasl") {
        checkK8sName(issues, `${path}.secretRef`, identity.secretRef);
    }
}

function validateKafkaBatching(issues: Problems, path: string, b: KafkaBatching): void {
    if (b.latencyMs !== undefined) checkInteger(issues, `${path}.latencyMs`, b.latencyMs, 0, 65535);
    if (b.maxBytes !== undefined) checkInteger(issues, `${path}.maxBytes`, b.maxBytes, 0);
    if (b.maxMessages !== undefined) checkInteger(issues, `${path}.maxMessages`, b.maxMessages, 0);
}

function validateStorageBatching(issues: Problems, path: string, b: StorageBatching): void {
    if (b.latencySeconds !== undefined) checkInteger(issues, `${path}.latencySeconds`, b.latencySeconds, 0, 65535);
    if (b.maxMessages !== undefined) checkInteger(issues, `${path}.maxMessages`, b.maxMessages, 0);
}

/** `host:9093` for an Event Hubs namespace or alias given as a name, FQDN or FQDN:port; undefined when invalid. */
export function kafkaBootstrapServer(namespace: string): string | undefined {
    const [fqdnOrName, port, ...rest] = namespace.split(":");
    if (rest.length > 0 || (port !== undefined && Number(port) !== EVENT_HUBS_PORT)) {
        return undefined;
    }
    const fqdn = fqdnOrName.includes(".") ? fqdnOrName : `${fqdnOrName}.servicebus.windows.net`;
    const [label, ...suffix] = fqdn.split(".");
    if (!NAMESPACE_LABEL.test(label) || !suffix.join(".").startsWith("servicebus.")) {
        return undefined;
    }
    return `${fqdn}:${EVENT_HUBS_PORT}`;
}

function validateEndpoint(issues: Problems, path: string, ep: EndpointDescription, identity: ManagedIdentity | undefined): void {
    checkAioName(issues, `${path}.name`, ep.name);
    if (ep.kind !== "localStorage") {
        if (ep.auth) {
            validateIdentity(issues, `${path}.auth`, ep.auth, KAFKA_KINDS.has(ep.kind) ? KAFKA_AUTH : MANAGED_IDENTITIES);
        } else if (!identity) {
            issues.add(`${path}.auth`, `endpoint "${ep.name}" has no authentication: set the component's identity (the user-assigned managed identity for AIO cloud connections: clientId and tenantId) or this endpoint's auth`);
        }
    }
    switch (ep.kind) {
        case "eventHubs":
            if (!kafkaBootstrapServer(ep.namespace)) {
                issues.add(`${path}.namespace`, `"${ep.namespace}" is not an Event Hubs namespace or alias: give a name of 6-50 letters, digits and hyphens (starting with a letter), or its <name>.servicebus.<cloud suffix> FQDN; the Kafka port is ${EVENT_HUBS_PORT}`);
            }
            if (ep.compression !== undefined && ep.compression !== "None" && ep.compression !== "Gzip") {
                issues.add(`${path}.compression`, `"${String(ep.compression)}" is not supported by Event Hubs; use None (any tier) or Gzip (Premium and Dedicated only)`);
            }
            if (ep.trustedCaConfigMap !== undefined) checkK8sName(issues, `${path}.trustedCaConfigMap`, ep.trustedCaConfigMap);
            if (ep.batching) validateKafkaBatching(issues, `${path}.batching`, ep.batching);
            break;
        case "eventstream":
            if (!HOST_PORT.test(ep.bootstrapServer)) {
                issues.add(`${path}.bootstrapServer`, `"${ep.bootstrapServer}" must be host:port, as shown in the Eventstream custom endpoint's Kafka details`);
            }
            if (ep.batching) validateKafkaBatching(issues, `${path}.batching`, ep.batching);
            break;
        case "fabricOneLake":
            if (ep.host !== undefined && !FABRIC_HOST.test(ep.host)) {
                issues.add(`${path}.host`, `"${ep.host}" must look like https://<host>.fabric.microsoft.com (or .us)`);
            }
            if (ep.workspaceName.trim() === "") issues.add(`${path}.workspaceName`, "must not be empty");
            if (ep.lakehouseName.trim() === "") issues.add(`${path}.lakehouseName`, "must not be empty");
            if (ep.batching) validateStorageBatching(issues, `${path}.batching`, ep.batching);
            break;
        case "dataLake":
            if (!blobHost(ep.storageAccount)) {
                issues.add(`${path}.storageAccount`, `"${ep.storageAccount}" is neither a storage account name (3-24 lowercase letters and digits) nor a blob endpoint https://<account>.blob.<suffix>`);
            }
            if (ep.batching) validateStorageBatching(issues, `${path}.batching`, ep.batching);
            break;
        case "localStorage":
            checkK8sName(issues, `${path}.persistentVolumeClaim`, ep.persistentVolumeClaim);
            break;
    }
}

/** Every `$n` in `expression` must name one of the `inputs`. */
function checkPositionalRefs(issues: Problems, path: string, inputs: string[], expression: string | undefined): void {
    if (inputs.length === 0) {
        issues.add(`${path}.inputs`, "needs at least one input field");
    }
    inputs.forEach((input, i) => {
        if (input.trim() === "") issues.add(`${path}.inputs[${i}]`, "an input field path must not be empty");
    });
    for (const match of (expression ?? "").matchAll(/\$(\d+)/g)) {
        const n = Number(match[1]);
        if (n < 1 || n > inputs.length) {
            issues.add(`${path}.expression`, `"${expression}" refers to $${n} but there ${inputs.length === 1 ? "is 1 input" : `are ${inputs.length} inputs`} ($1..$${inputs.length})`);
        }
    }
}

function validateHotPath(issues: Problems, path: string, hot: HotPath, site: SiteDescription, endpoints: Map<string, EndpointDescription>): void {
    checkAioName(issues, `${path}.name`, hot.name);
    const endpoint = endpoints.get(hot.endpoint);
    if (!endpoint) {
        issues.add(`${path}.endpoint`, `no endpoint named "${hot.endpoint}" (known: ${[...endpoints.keys()].join(", ") || "none"})`);
    } else if (!KAFKA_KINDS.has(endpoint.kind)) {
        issues.add(`${path}.endpoint`, `endpoint "${hot.endpoint}" is ${endpoint.kind}; a hot path goes to an eventHubs or eventstream endpoint`);
    }
    if (!EVENT_HUB_NAME.test(hot.topic)) {
        issues.add(`${path}.topic`, `"${hot.topic}" is not an event hub (Kafka topic) name: 1-256 letters, digits, ".", "-" and "_", starting and ending with a letter or digit`);
    }
    if ((hot.assets ?? []).length + (hot.topics ?? []).length === 0) {
        issues.add(path, `hot path "${hot.name}" selects nothing: give assets, topics or both`);
    }
    const known = new Set(assetsOf(site).map((a) => a.ref));
    (hot.assets ?? []).forEach((ref, i) => {
        if (!known.has(ref)) {
            issues.add(`${path}.assets[${i}]`, `no asset "${ref}" in the site description (write <line>/<asset>)`);
        }
    });
    (hot.topics ?? []).forEach((topic, i) => {
        const p = `${path}.topics[${i}]`;
        checkTopicFilter(issues, p, topic);
        const levels = topic.split("/");
        if (levels.length !== 3 || levels[0] !== site.site || levels.includes("#")) {
            issues.add(p, `"${topic}" must be shaped ${site.site}/<line>/<asset> ("+" allowed for line and asset, "#" not): the source topic becomes the Kafka partition key`);
        }
    });
    (hot.filters ?? []).forEach((f, i) => {
        checkPositionalRefs(issues, `${path}.filters[${i}]`, f.inputs, f.expression);
        if (f.expression.trim() === "") issues.add(`${path}.filters[${i}].expression`, "a filter needs an expression");
        if (f.description !== undefined) checkMaxLength(issues, `${path}.filters[${i}].description`, f.description, 256);
    });
    (hot.maps ?? []).forEach((m, i) => {
        checkPositionalRefs(issues, `${path}.maps[${i}]`, m.inputs, m.expression);
        if (m.output.trim() === "") issues.add(`${path}.maps[${i}].output`, "a map rule needs an output field");
        if (m.description !== undefined) checkMaxLength(issues, `${path}.maps[${i}].description`, m.description, 256);
    });
}

function validateColdPath(issues: Problems, cold: ColdPath, endpoints: Map<string, EndpointDescription>): void {
    if (cold.name !== undefined) checkAioName(issues, "coldPath.name", cold.name);
    const endpoint = endpoints.get(cold.endpoint);
    if (!endpoint) {
        issues.add("coldPath.endpoint", `no endpoint named "${cold.endpoint}" (known: ${[...endpoints.keys()].join(", ") || "none"})`);
    } else if (!STORAGE_KINDS.has(endpoint.kind)) {
        issues.add("coldPath.endpoint", `endpoint "${cold.endpoint}" is ${endpoint.kind}; the cold path goes to a localStorage, dataLake or fabricOneLake endpoint`);
    } else if (endpoint.kind === "dataLake") {
        checkContainerName(issues, "coldPath.destination", cold.destination);
    } else if (endpoint.kind === "localStorage") {
        checkRelativePath(issues, "coldPath.destination", cold.destination, "the edge volume's subvolume path");
    } else if (cold.destination.trim() === "") {
        issues.add("coldPath.destination", "must name the OneLake table or folder");
    }
    (cold.topics ?? []).forEach((t, i) => checkTopicFilter(issues, `coldPath.topics[${i}]`, t));
    if (cold.topics !== undefined && cold.topics.length === 0) {
        issues.add("coldPath.topics", "an empty list selects nothing; leave it out to take every asset's topic");
    }
    if (!SCHEMA_REF.test(cold.schemaRef)) {
        issues.add("coldPath.schemaRef", `"${cold.schemaRef}" must be a schema registry reference aio-sr://<namespace>/<schema>:<version>; storage destinations need a schema to write Parquet/Delta`);
    }
}

/** Every problem in the whole description (empty when it can be planned), each with its path. */
export function validateDataflows(desc: DataflowsDescription, api: ApiCapabilities): Problem[] {
    const issues = new Problems("AioDataflows");
    if (!RESOURCE_GROUP.test(desc.resourceGroupName) || desc.resourceGroupName.endsWith(".")) {
        issues.add("resourceGroupName", `"${desc.resourceGroupName}" is not a resource group name (1-90 letters, digits, "-", "_", ".", "(" and ")", not ending with ".")`);
    }
    checkAioName(issues, "instanceName", desc.instanceName);
    if (desc.customLocation.startsWith("/") ? !CUSTOM_LOCATION_ID.test(desc.customLocation) : !/^[a-zA-Z0-9][a-zA-Z0-9-.]{0,62}$/.test(desc.customLocation)) {
        issues.add("customLocation", `"${desc.customLocation}" is neither a custom location name nor an id /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.ExtendedLocation/customLocations/<name>`);
    }
    validateSiteDescription(issues, desc.site);
    const profileName = desc.profile?.name ?? DEFAULT_PROFILE;
    checkAioName(issues, "profile.name", profileName);
    if (profileName === "default") {
        issues.add("profile.name", `"default" is the profile the AIO deployment owns; creating it here would take it over and delete it on destroy. Pick another name`);
    }
    checkInteger(issues, "profile.instanceCount", desc.profile?.instanceCount ?? 1, 1, 20);
    const broker = desc.localBrokerEndpoint ?? DEFAULT_BROKER_ENDPOINT;
    checkAioName(issues, "localBrokerEndpoint", broker);
    if (desc.identity) validateIdentity(issues, "identity", desc.identity, MANAGED_IDENTITIES);
    if (desc.requestDiskPersistence && !api.dataflowDiskPersistence) {
        issues.add("requestDiskPersistence", `the bound Microsoft.IoTOperations API ${api.version} has no dataflow disk persistence; bind a newer API version in components/edge/aio-api.ts (2026-03-01 has requestDiskPersistence) or leave it off`);
    }
    checkUnique(issues, desc.endpoints.map((e, i) => ({ path: `endpoints[${i}].name`, value: e.name })), "endpoint name");
    desc.endpoints.forEach((ep, i) => {
        validateEndpoint(issues, `endpoints[${i}]`, ep, desc.identity);
        if (ep.name === broker) {
            issues.add(`endpoints[${i}].name`, `"${ep.name}" is the local broker endpoint this component adopts; defining it here would replace (and on destroy delete) the broker endpoint every dataflow needs`);
        }
    });
    const endpoints = new Map(desc.endpoints.map((e) => [e.name, e]));
    if (desc.hotPaths.length === 0 && !desc.coldPath) {
        issues.add("hotPaths", "nothing to build: give at least one hot path or a cold path");
    }
    desc.hotPaths.forEach((hot, i) => validateHotPath(issues, `hotPaths[${i}]`, hot, desc.site, endpoints));
    if (desc.coldPath) validateColdPath(issues, desc.coldPath, endpoints);
    if (issues.all.length === 0) {
        // Names of generated dataflows depend on valid identifiers, so they are checked last.
        const names = dataflowNames(desc);
        names.forEach((n) => checkAioName(issues, n.path, n.name));
        checkUnique(issues, names.map((n) => ({ path: n.path, value: n.name })), "dataflow name");
    }
    return [...issues.all];
}


/** Assets selected by hot paths whose source topic differs from their key: each gets a `key` dataflow. */
export function keyedAssets(desc: DataflowsDescription): { ref: string; key: string; topic: string; path: string; dataflow: string }[] {
    const selected = new Set(desc.hotPaths.flatMap((h) => h.assets ?? []));
    return assetsOf(desc.site)
        .filter((a) => selected.has(a.ref) && a.topic !== a.key)
        .map((a) => ({ ...a, dataflow: `key-${a.ref.replace("/", "-")}` }));
}

function dataflowNames(desc: DataflowsDescription): { path: string; name: string }[] {
    return [
        ...keyedAssets(desc).map((a) => ({ path: `${a.path} (its key dataflow)`, name: a.dataflow })),
        ...desc.hotPaths.map((h, i) => ({ path: `hotPaths[${i}].name`, name: h.name })),
        ...(desc.coldPath ? [{ path: "coldPath.name", name: desc.coldPath.name ?? "cold" }] : []),
    ];
}
