/**
 * Azure's tag limits, checked where the config is read so that a site never fails half-deployed on
 * its 51st tag. The limits (https://learn.microsoft.com/azure/azure-resource-manager/management/tag-resources#limitations):
 * at most 50 tag name/value pairs per resource, and 15 on private DNS zones and their virtual
 * network links; a tag name of at most 512 characters (128 on storage accounts) without
 * `< > % & \ ? /`; a value of at most 256 characters. Tag names are case-insensitive, so two names
 * that differ only in case are one tag. One rule for a site read from a stack file and one built
 * from the library. Pure.
 */
import { PUBLIC_ACCESS_TAG, SITE_TAG } from "./site-naming";

/** What the tag limits read of a site: its tags and what decides which resources carry them. */
export interface TaggedSite {
    tags: Record<string, string>;
    network: { publicNetworkAccess: boolean; private?: { dnsZoneIds?: unknown } };
    archive: { storageAccountId?: unknown };
}

const TAG_LIMITS_SOURCE = "https://learn.microsoft.com/azure/azure-resource-manager/management/tag-resources#limitations";
const MAX_TAGS = 50;
const MAX_TAGS_PRIVATE_DNS = 15;
const MAX_NAME = 512;
const MAX_NAME_STORAGE = 128;
const MAX_VALUE = 256;
const FORBIDDEN_IN_NAME = /[<>%&\\?/]/;

/** The tags the site adds itself to what `tags` holds. */
function ownTags(v: Pick<TaggedSite, "network">): string[] {
    return [SITE_TAG, ...(v.network.publicNetworkAccess ? [PUBLIC_ACCESS_TAG] : [])];
}

/** Every broken tag limit of `v.tags`, each reported through `add` at its path relative to the site. */
export function tagRules(v: TaggedSite, add: (path: (string | number)[], message: string) => void): void {
    const own = ownTags(v);
    // The site's own private DNS zones and their VNet links carry the tags too; adopted zones are their owner's.
    const privateDns = v.network.private !== undefined && v.network.private.dnsZoneIds === undefined;
    const storage = v.archive.storageAccountId === undefined;
    const max = privateDns ? MAX_TAGS_PRIVATE_DNS : MAX_TAGS;
    const names = Object.keys(v.tags);
    if (names.length + own.length > max) {
        const where = privateDns ? "a private DNS zone (network.private without dnsZoneIds) takes at most 15" : "an Azure resource takes at most 50";
        add(["tags"], `has ${names.length} tags and the site adds ${own.length} (${own.join(", ")}): ${where} (${TAG_LIMITS_SOURCE}); keep at most ${max - own.length}, or put several values in one tag as a JSON string`);
    }
    const seen = new Map(own.map((n) => [n.toLowerCase(), `the site's own tag ${n}`]));
    for (const name of names) {
        const value = v.tags[name];
        const nameMax = storage ? MAX_NAME_STORAGE : MAX_NAME;
        const earlier = seen.get(name.toLowerCase());
        if (earlier !== undefined) {
            add(["tags", name], `is the same tag as ${earlier} (Azure tag names ignore case); rename or remove it`);
        }
        seen.set(name.toLowerCase(), `tags.${name}`);
        if (name.length === 0 || name.length > nameMax) {
            add(["tags", name], `a tag name must have 1 to ${nameMax} characters${storage ? " (the site's archive storage account takes 128)" : ""}, this one has ${name.length} (${TAG_LIMITS_SOURCE}); shorten it`);
        }
        if (FORBIDDEN_IN_NAME.test(name)) {
            add(["tags", name], `a tag name must not contain < > % & \\ ? / (${TAG_LIMITS_SOURCE}); rename it`);
        }
        if (value.length > MAX_VALUE) {
            add(["tags", name], `a tag value must have at most ${MAX_VALUE} characters, this one has ${value.length} (${TAG_LIMITS_SOURCE}); shorten it`);
        }
    }
}
