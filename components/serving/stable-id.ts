/**
 * Deterministic identifiers for the ids inside Fabric item definitions (dashboard pages, tiles,
 * queries; Activator entities). Random ids would make every `pulumi preview` show a change and
 * every `updateDefinition` rewrite the item; name-based UUIDs (RFC 9562 version 5) keep both stable.
 */
import { createHash } from "node:crypto";

/** Namespace of every edge-fabric id: uuidv5(URL namespace, "https://github.com/edge-fabric"). */
export const EDGE_FABRIC_NAMESPACE = "440d139a-9d3c-5b7c-a9de-27cf2853b377";

/** A version-5 UUID of `name` in `namespace` (RFC 9562 §5.5). */
export function uuidv5(name: string, namespace: string): string {
    const ns = Buffer.from(namespace.replace(/-/g, ""), "hex");
    if (ns.length !== 16) {
        throw new Error(`uuidv5: namespace "${namespace}" is not a UUID`);
    }
    const hash = createHash("sha1").update(ns).update(name, "utf8").digest();
    const bytes = hash.subarray(0, 16);
    bytes[6] = (bytes[6] & 0x0f) | 0x50;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = bytes.toString("hex");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A stable id for a named thing inside an item, e.g. `stableId("dash", "tile", "Latest values")`. */
export function stableId(...parts: string[]): string {
    // JSON keeps ("a/b","c") and ("a","b/c") apart, which a plain join would not.
    return uuidv5(JSON.stringify(parts), EDGE_FABRIC_NAMESPACE);
}
