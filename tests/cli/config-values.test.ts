/**
 * Config values that cannot work are refused by `plan` where the config is read: exit 1, each
 * problem at its file:line:col and config path, what is wrong and what fixes it; never a stack trace.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseDocument } from "yaml";
import { run } from "../../cli/main";

const repo = resolve(__dirname, "..", "..", "..");
const TAG_LIMITS = "https://learn.microsoft.com/azure/azure-resource-manager/management/tag-resources#limitations";

/** `plan` of the sample stack with `edit` applied to its YAML document; the problems printed, one a line. */
async function planEdited(edit: (doc: ReturnType<typeof parseDocument>) => void): Promise<{ code: number; problems: string[]; err: string }> {
    const doc = parseDocument(readFileSync(join(repo, "Pulumi.dev.yaml"), "utf8"));
    edit(doc);
    const dir = mkdtempSync(join(tmpdir(), "ef-values-"));
    copyFileSync(join(repo, "Pulumi.yaml"), join(dir, "Pulumi.yaml"));
    writeFileSync(join(dir, "Pulumi.t.yaml"), doc.toString());
    const err: string[] = [];
    const code = await run(["plan", "--stack", "t", "--dir", dir, "--out", join(dir, "out")], { out: () => undefined, err: (l) => err.push(l) });
    const text = err.join("\n");
    assert.doesNotMatch(text, /\n\s+at .+:\d+:\d+|internal error|got null/);
    return { code, err: text, problems: err.filter((l) => /^Pulumi\.t\.yaml:\d+:\d+: /.test(l)).map((l) => l.replace(/^Pulumi\.t\.yaml:\d+:\d+: /, "")) };
}

const SITE = ["config", "edge-fabric:site"];
/** The sample's private network with adopted DNS zones: their tag limit is their owner's. */
const ADOPTED_ZONES = (zone: string) => `/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-hub-dns/providers/Microsoft.Network/privateDnsZones/${zone}`;

function adoptZones(doc: ReturnType<typeof parseDocument>): void {
    doc.setIn([...SITE, "network", "private", "dnsZoneIds"], { serviceBus: ADOPTED_ZONES("privatelink.servicebus.windows.net"), blob: ADOPTED_ZONES("privatelink.blob.core.windows.net") });
}

test("tags: at most 50 a resource counting the site's own, 15 with the private DNS zones the sample creates, name and value limits", async () => {
    const many = Object.fromEntries(Array.from({ length: 63 }, (_, i) => [`t${i}`, "v"]));
    const tooMany = await planEdited((doc) => {
        doc.setIn([...SITE, "tags"], many);
        adoptZones(doc);
    });
    assert.equal(tooMany.code, 1);
    assert.deepEqual(tooMany.problems, [`edge-fabric:site.tags: has 63 tags and the site adds 1 (edge-fabric:site): an Azure resource takes at most 50 (${TAG_LIMITS}); keep at most 49, or put several values in one tag as a JSON string`]);
    assert.match(tooMany.err, /^Pulumi\.t\.yaml:13:7: edge-fabric:site\.tags: has 63 tags/m);

    const fifty = Object.fromEntries(Array.from({ length: 49 }, (_, i) => [`t${i}`, "v"]));
    const atLimit = await planEdited((doc) => {
        doc.setIn([...SITE, "tags"], fifty);
        adoptZones(doc);
    });
    assert.deepEqual(atLimit.problems, [], "49 of the user's and the site's own make 50: allowed");

    const publicAccess = await planEdited((doc) => {
        doc.setIn([...SITE, "tags"], fifty);
        doc.setIn([...SITE, "network"], { publicNetworkAccess: true });
    });
    assert.deepEqual(publicAccess.problems, [`edge-fabric:site.tags: has 49 tags and the site adds 2 (edge-fabric:site, edgeFabricPublicNetworkAccess): an Azure resource takes at most 50 (${TAG_LIMITS}); keep at most 48, or put several values in one tag as a JSON string`]);

    const privateDns = await planEdited((doc) => {
        doc.setIn([...SITE, "tags"], Object.fromEntries(Array.from({ length: 15 }, (_, i) => [`t${i}`, "v"])));
    });
    assert.deepEqual(privateDns.problems, [
        `edge-fabric:site.tags: has 15 tags and the site adds 1 (edge-fabric:site): a private DNS zone (network.private without dnsZoneIds) takes at most 15 (${TAG_LIMITS}); keep at most 14, or put several values in one tag as a JSON string`,
    ]);

    const names = await planEdited((doc) => doc.setIn([...SITE, "tags"], { "Edge-Fabric:Site": "x", "a/b": "c", [`k${"n".repeat(128)}`]: "v", long: "v".repeat(257) }));
    assert.equal(names.code, 1);
    assert.deepEqual(names.problems, [
        "edge-fabric:site.tags.Edge-Fabric:Site: is the same tag as the site's own tag edge-fabric:site (Azure tag names ignore case); rename or remove it",
        `edge-fabric:site.tags.a/b: a tag name must not contain < > % & \\ ? / (${TAG_LIMITS}); rename it`,
        `edge-fabric:site.tags.k${"n".repeat(128)}: a tag name must have 1 to 128 characters (the site's archive storage account takes 128), this one has 129 (${TAG_LIMITS}); shorten it`,
        `edge-fabric:site.tags.long: a tag value must have at most 256 characters, this one has 257 (${TAG_LIMITS}); shorten it`,
    ]);
});

test("numbers: a fraction must be whole, an infinity is named as such", async () => {
    const fraction = await planEdited((doc) => doc.setIn([...SITE, "eventHubs", "partitions"], 4.5));
    assert.equal(fraction.code, 1);
    assert.deepEqual(fraction.problems, ["edge-fabric:site.eventHubs.partitions: must be a whole number between 1 and 32 on Standard, got 4.5"]);
    assert.match(fraction.err, /^Pulumi\.t\.yaml:49:19: /m);

    const infinity = await planEdited((doc) => doc.setIn([...SITE, "eventHubs", "partitions"], Number.POSITIVE_INFINITY));
    assert.equal(infinity.code, 1);
    assert.deepEqual(infinity.problems, ["edge-fabric:site.eventHubs.partitions: must be a finite number, got .inf (infinity)"]);
});

test("a misspelt secure: key under a secret is named with a did-you-mean and the command that sets it", async () => {
    const typo = await planEdited((doc) => doc.setIn(["config", "edge-fabric:kubeconfig"], { secrue: "v1:abc" }));
    assert.equal(typo.code, 1);
    assert.deepEqual(typo.problems, ['edge-fabric:kubeconfig.secrue: unknown key (did you mean "secure"?): a secret in a stack file is { secure: <ciphertext> }; set it with pulumi config set --secret kubeconfig < kubeconfig.yaml']);
    assert.match(typo.err, /^Pulumi\.t\.yaml:8:13: edge-fabric:kubeconfig\.secrue/m);

    const plain = await planEdited((doc) => doc.setIn(["config", "edge-fabric:kustoToken"], "eyJ0eXAi"));
    assert.deepEqual(plain.problems, ["edge-fabric:kustoToken: must be a secret: set it with pulumi config set --secret kustoToken <token>"]);
});

test("the documented keys edge-fabric:fleet and a secure edge-fabric:kustoToken plan green next to the site; an unknown key fails naming itself", async () => {
    const documented = await planEdited((doc) => {
        doc.setIn(["config", "edge-fabric:fleet"], { ring: 0, tags: ["eu", "pilot"] });
        doc.setIn(["config", "edge-fabric:kustoToken"], { secure: "v1:c2FtcGxlLW5vdC1hLXJlYWwtdG9rZW4=" });
    });
    assert.equal(documented.code, 0, documented.err);
    assert.deepEqual(documented.problems, []);

    const typo = await planEdited((doc) => doc.setIn(["config", "edge-fabric:kustoTokn"], { secure: "v1:c2FtcGxlLW5vdC1hLXJlYWwtdG9rZW4=" }));
    assert.equal(typo.code, 1);
    assert.deepEqual(typo.problems, ['edge-fabric:kustoTokn: unknown config key (did you mean "edge-fabric:kustoToken"?)']);
    assert.doesNotMatch(typo.err, /c2FtcGxl/, "the secret's ciphertext is not repeated");
});

test("a missing serving.workspaceId says what it is and where to find it", async () => {
    const missing = await planEdited((doc) => doc.deleteIn([...SITE, "serving", "workspaceId"]));
    assert.equal(missing.code, 1);
    assert.deepEqual(missing.problems, [
        "edge-fabric:site.serving.workspaceId: is required: the id (uuid) of the Fabric workspace the site's Eventhouse lives in (its URL shows it: app.fabric.microsoft.com/groups/<id>), or { stackOutput: NAME } of the platform stack",
    ]);
});

test("regions: every region key is one Azure lists, with a did-you-mean; DR pairs are the documented pairs unless deliberately overridden", async () => {
    const REGIONS = "https://learn.microsoft.com/azure/reliability/regions-list";
    const PAIRS = "https://learn.microsoft.com/azure/reliability/regions-paired";
    const typo = await planEdited((doc) => doc.setIn([...SITE, "location"], "westeurop"));
    assert.equal(typo.code, 1);
    assert.deepEqual(typo.problems, [`edge-fabric:site.location: is not an Azure region, got "westeurop" (did you mean "westeurope"?): use a programmatic name from ${REGIONS}`]);
    assert.match(typo.err, /^Pulumi\.t\.yaml:11:15: edge-fabric:site\.location/m);

    const invented = await planEdited((doc) => doc.setIn([...SITE, "dr", "secondaryLocation"], "swedenmiddle"));
    assert.deepEqual(invented.problems, [`edge-fabric:site.dr.secondaryLocation: is not an Azure region, got "swedenmiddle": use a programmatic name from ${REGIONS}`]);

    const unpaired = await planEdited((doc) => doc.setIn([...SITE, "dr", "secondaryLocation"], "swedencentral"));
    assert.equal(unpaired.code, 1);
    assert.deepEqual(unpaired.problems, [`edge-fabric:site.dr.secondaryLocation: is not the paired region of westeurope (northeurope), got "swedencentral" (${PAIRS}); use northeurope, or set dr.allowUnpairedRegion: true to pair with swedencentral deliberately`]);

    const noPair = await planEdited((doc) => {
        doc.setIn([...SITE, "location"], "italynorth");
        doc.setIn([...SITE, "dr", "secondaryLocation"], "westeurope");
    });
    assert.deepEqual(noPair.problems, [`edge-fabric:site.dr.secondaryLocation: italynorth has no paired region, got "westeurope" (${PAIRS}); set dr.allowUnpairedRegion: true to pair with westeurope deliberately`]);

    const deliberate = await planEdited((doc) => {
        doc.setIn([...SITE, "dr", "secondaryLocation"], "swedencentral");
        doc.setIn([...SITE, "dr", "allowUnpairedRegion"], true);
    });
    assert.deepEqual(deliberate.problems, [], "the override accepts a listed region that is not the pair");

    // A pair documented in one direction only (West US 3 -> East US) is a pair.
    const oneWay = await planEdited((doc) => {
        doc.setIn([...SITE, "location"], "eastus");
        doc.setIn([...SITE, "dr", "secondaryLocation"], "westus3");
    });
    assert.deepEqual(oneWay.problems, []);
});
