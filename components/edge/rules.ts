/**
 * Naming and topic rules shared by the edge plans. Pure: no Pulumi, no I/O, so every rule is tested
 * alone and runs before any resource is registered.
 *
 * Sources:
 * - AIO resource names (instance, profile, dataflow, endpoint): minLength 3, maxLength 63, pattern
 *   `^[a-z0-9][a-z0-9-]*[a-z0-9]$` — Azure/azure-rest-api-specs `specification/iotoperations/.../stable/2024-11-01/iotoperations.json`
 *   path parameters.
 * - MQTT topic names and filters: OASIS MQTT 5.0 §4.7 (wildcards `#` last and alone in its level,
 *   `+` alone in its level, topic names carry no wildcard, no U+0000, at most 65535 bytes).
 * - Kubernetes names: DNS-1123 subdomain (PVC, custom resources) and label (namespace).
 * - Blob container names: 3-63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit.
 */
import type { Problems } from "../validation";
import { GUID } from "../../kusto/text";

const AIO_NAME = /^[a-z0-9][a-z0-9-]*[a-z0-9]$/;
/** Site, line and asset identifiers: they become topic levels, partition keys and parts of resource names. */
const IDENTIFIER = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const CONTAINER = /^[a-z0-9]([a-z0-9]|-(?!-))*[a-z0-9]$/;

/** AIO resource name (iotoperations.json path parameters): 3-63 characters, lowercase letters, digits and hyphens, no leading/trailing hyphen. */
export function checkAioName(issues: Problems, path: string, value: string): void {
    if (value.length < 3 || value.length > 63) {
        issues.add(path, `"${value}" must be 3 to 63 characters long (it has ${value.length}); Azure IoT Operations resource names are limited to 63`);
    } else if (!AIO_NAME.test(value)) {
        issues.add(path, `"${value}" must match ${AIO_NAME.source}: lowercase letters, digits and hyphens, starting and ending with a letter or digit (no "_" or ".")`);
    }
}

/** Site, line or asset identifier: 1-63 lowercase letters, digits and hyphens. */
export function checkIdentifier(issues: Problems, path: string, value: string): void {
    if (value.length === 0 || value.length > 63 || !IDENTIFIER.test(value)) {
        issues.add(path, `"${value}" must be 1 to 63 lowercase letters, digits or hyphens, starting and ending with a letter or digit; it becomes an MQTT topic level, part of the partition key and part of resource names`);
    }
}

/** Kubernetes object name (DNS-1123 subdomain, at most 253 characters). */
export function checkK8sName(issues: Problems, path: string, value: string): void {
    if (value.length === 0 || value.length > 253 || !DNS_SUBDOMAIN.test(value)) {
        issues.add(path, `"${value}" is not a valid Kubernetes object name: lowercase letters, digits, "-" and ".", starting and ending with a letter or digit, at most 253 characters`);
    }
}

/** Kubernetes namespace name (DNS-1123 label, at most 63 characters). */
export function checkK8sLabel(issues: Problems, path: string, value: string): void {
    if (value.length === 0 || value.length > 63 || !DNS_LABEL.test(value)) {
        issues.add(path, `"${value}" is not a valid Kubernetes namespace: 1 to 63 lowercase letters, digits and "-", starting and ending with a letter or digit`);
    }
}

/** Blob container name: 3-63 lowercase letters, digits and single hyphens. */
export function checkContainerName(issues: Problems, path: string, value: string): void {
    if (value.length < 3 || value.length > 63 || !CONTAINER.test(value)) {
        issues.add(path, `"${value}" is not a valid blob container name: 3 to 63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit`);
    }
}

/** Entra ID object/client/tenant id. */
export function checkGuid(issues: Problems, path: string, value: string): void {
    if (!GUID.test(value)) {
        issues.add(path, `"${value}" is not a GUID (expected xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)`);
    }
}

/** An integer in [min, max]; `max` undefined means unbounded. */
export function checkInteger(issues: Problems, path: string, value: number, min: number, max?: number): void {
    if (!Number.isInteger(value) || value < min || (max !== undefined && value > max)) {
        issues.add(path, `${value} must be an integer ${max === undefined ? `>= ${min}` : `from ${min} to ${max}`}`);
    }
}

/** A string at most `max` characters long. */
export function checkMaxLength(issues: Problems, path: string, value: string, max: number): void {
    if (value.length > max) {
        issues.add(path, `is ${value.length} characters long; at most ${max} allowed`);
    }
}

/** Common MQTT checks for names and filters; returns the levels, or undefined after recording an issue. */
function topicLevels(issues: Problems, path: string, value: string): string[] | undefined {
    if (value.length === 0) {
        issues.add(path, "an MQTT topic must not be empty");
        return undefined;
    }
    if (Buffer.byteLength(value, "utf8") > 65535) {
        issues.add(path, "an MQTT topic is at most 65535 bytes of UTF-8");
        return undefined;
    }
    if (value.includes("\u0000")) {
        issues.add(path, `"${value}" contains U+0000, which MQTT forbids in topics`);
        return undefined;
    }
    if (value.startsWith("$")) {
        issues.add(path, `"${value}" starts with "$": such topics are reserved by the broker (system and shared-subscription topics) and are not routed by these dataflows`);
        return undefined;
    }
    return value.split("/");
}

/** An MQTT topic filter (what a dataflow source subscribes to): wildcards allowed where MQTT allows them. */
export function checkTopicFilter(issues: Problems, path: string, value: string): void {
    const levels = topicLevels(issues, path, value);
    if (!levels) {
        return;
    }
    levels.forEach((level, i) => {
        if (level.includes("#") && (level !== "#" || i !== levels.length - 1)) {
            issues.add(path, `"${value}": "#" must be the whole last level of a topic filter`);
        } else if (level.includes("+") && level !== "+") {
            issues.add(path, `"${value}": "+" must be a whole level of a topic filter (level ${i + 1} is "${level}")`);
        }
    });
}

/** An MQTT topic name (what is published to): no wildcards. */
export function checkTopicName(issues: Problems, path: string, value: string): void {
    const levels = topicLevels(issues, path, value);
    if (levels && levels.some((level) => level.includes("#") || level.includes("+"))) {
        issues.add(path, `"${value}" is a topic name, not a filter: it must not contain "+" or "#"`);
    }
}

/** Reports every value that appears more than once, at the path of its second occurrence. */
export function checkUnique(issues: Problems, entries: readonly { path: string; value: string }[], what: string): void {
    const seen = new Map<string, string>();
    for (const { path, value } of entries) {
        const first = seen.get(value);
        if (first !== undefined) {
            issues.add(path, `duplicate ${what} "${value}" (first used at ${first})`);
        } else {
            seen.set(value, path);
        }
    }
}

const PATH_SEGMENT = /^[A-Za-z0-9._-]+$/;

/** A directory relative to a volume's root: no leading "/", no "." or ".." segments. */
export function checkRelativePath(issues: Problems, path: string, value: string, example: string): void {
    if (value.startsWith("/") || value.split("/").some((s) => !PATH_SEGMENT.test(s) || s === "." || s === "..")) {
        issues.add(path, `"${value}" must be a relative directory (no leading "/", no "." or ".." segments; letters, digits, ".", "_" and "-"), e.g. ${example}`);
    }
}

/** `https://<account>.blob.<suffix>` (no trailing slash) from a storage account name or blob endpoint URL; undefined when neither. */
export function blobHost(storageAccount: string): string | undefined {
    if (/^[a-z0-9]{3,24}$/.test(storageAccount)) {
        return `https://${storageAccount}.blob.core.windows.net`;
    }
    return /^https:\/\/[a-z0-9]{3,24}\.blob\.[a-z0-9.-]+\/?$/.test(storageAccount) ? storageAccount.replace(/\/$/, "") : undefined;
}
