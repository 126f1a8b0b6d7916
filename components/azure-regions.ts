/**
 * The Azure public-cloud regions by programmatic name, each with its documented paired region (null:
 * the region has none). Kept in this one file with its sources, as of the dates below; a region
 * Azure opens later is added here (the config refuses a name it does not know, with a did-you-mean).
 *
 * - Regions and programmatic names: https://learn.microsoft.com/azure/reliability/regions-list
 *   (MicrosoftDocs/reliability-docs articles/reliability/regions-list.md, ms.date 2025-09-23).
 * - Pairs: https://learn.microsoft.com/azure/reliability/regions-paired (its paired-regions table,
 *   ms.date 2026-06-25). Pairs are not all symmetric (westus3 -> eastus, eastus -> westus).
 * - `swedensouth` has no row of its own in the list: it is Sweden Central's restricted-access pair.
 *
 * Pure data and lookups, and the one region rule of a site, for a site read from a stack file and
 * one built from the library alike.
 */
import { didYouMean } from "./validation";

export const REGIONS_SOURCE = "https://learn.microsoft.com/azure/reliability/regions-list";
export const PAIRED_REGIONS_SOURCE = "https://learn.microsoft.com/azure/reliability/regions-paired";

const AZURE_REGIONS: Readonly<Record<string, string | null>> = {
    australiacentral: "australiacentral2",
    australiacentral2: "australiacentral",
    australiaeast: "australiasoutheast",
    australiasoutheast: "australiaeast",
    austriaeast: null,
    belgiumcentral: null,
    brazilsouth: "southcentralus",
    brazilsoutheast: "brazilsouth",
    canadacentral: "canadaeast",
    canadaeast: "canadacentral",
    centralindia: "southindia",
    centralus: "eastus2",
    chilecentral: null,
    denmarkeast: null,
    eastasia: "southeastasia",
    eastus: "westus",
    eastus2: "centralus",
    francecentral: "francesouth",
    francesouth: "francecentral",
    germanynorth: "germanywestcentral",
    germanywestcentral: "germanynorth",
    indonesiacentral: null,
    israelcentral: null,
    italynorth: null,
    japaneast: "japanwest",
    japanwest: "japaneast",
    koreacentral: "koreasouth",
    koreasouth: "koreacentral",
    malaysiawest: null,
    mexicocentral: null,
    newzealandnorth: null,
    northcentralus: "southcentralus",
    northeurope: "westeurope",
    norwayeast: "norwaywest",
    norwaywest: "norwayeast",
    polandcentral: null,
    qatarcentral: null,
    southafricanorth: "southafricawest",
    southafricawest: "southafricanorth",
    southcentralus: "northcentralus",
    southeastasia: "eastasia",
    southindia: "centralindia",
    spaincentral: null,
    swedencentral: "swedensouth",
    swedensouth: "swedencentral",
    switzerlandnorth: "switzerlandwest",
    switzerlandwest: "switzerlandnorth",
    uaecentral: "uaenorth",
    uaenorth: "uaecentral",
    uksouth: "ukwest",
    ukwest: "uksouth",
    westcentralus: "westus2",
    westeurope: "northeurope",
    westindia: "southindia",
    westus: "eastus",
    westus2: "westcentralus",
    westus3: "eastus",
};

const NAMES = Object.keys(AZURE_REGIONS);

/** What is wrong with `name` as an Azure region, or undefined when Azure lists it. */
export function regionProblem(name: string): string | undefined {
    if (Object.hasOwn(AZURE_REGIONS, name)) {
        return undefined;
    }
    return `is not an Azure region, got "${name}"${didYouMean(name, NAMES, false)}: use a programmatic name from ${REGIONS_SOURCE}`;
}

/** The documented pair of `region` (null: none), or undefined for a region not in the list. */
function pairedRegion(region: string): string | null | undefined {
    return Object.hasOwn(AZURE_REGIONS, region) ? AZURE_REGIONS[region] : undefined;
}

/**
 * Why `secondary` is refused as the DR region of `primary` unless the config path `override` is
 * set true, or undefined when the two are a documented pair (in either direction).
 */
export function unpairedProblem(primary: string, secondary: string, override: string): string | undefined {
    if (pairedRegion(primary) === secondary || pairedRegion(secondary) === primary) {
        return undefined;
    }
    const pair = pairedRegion(primary);
    const why = pair ? `is not the paired region of ${primary} (${pair})` : `${primary} has no paired region`;
    return `${why}, got "${secondary}" (${PAIRED_REGIONS_SOURCE}); ${pair ? `use ${pair}, or ` : ""}set ${override}: true to pair with ${secondary} deliberately`;
}

/** What the region rule reads of a site. */
export interface LocatedSite {
    location: string;
    dr: { enabled: boolean; secondaryLocation?: string; allowUnpairedRegion?: boolean };
}

/**
 * Every region problem of a site, each reported through `add` at its path relative to the site:
 * `location` and `dr.secondaryLocation` must be Azure regions; with DR on, the secondary is required,
 * differs from `location` and is its documented pair unless `dr.allowUnpairedRegion`.
 */
export function siteRegionRules(v: LocatedSite, add: (path: (string | number)[], message: string) => void): void {
    const located = regionProblem(v.location);
    if (located !== undefined) {
        add(["location"], located);
    }
    if (!v.dr.enabled) {
        return;
    }
    const secondary = v.dr.secondaryLocation;
    if (secondary === undefined) {
        add(["dr", "secondaryLocation"], "is required when dr.enabled is true");
        return;
    }
    const problem =
        regionProblem(secondary) ??
        (secondary === v.location ? `must differ from location (${v.location})` : undefined) ??
        (located === undefined && !v.dr.allowUnpairedRegion ? unpairedProblem(v.location, secondary, "dr.allowUnpairedRegion") : undefined);
    if (problem !== undefined) {
        add(["dr", "secondaryLocation"], problem);
    }
}
