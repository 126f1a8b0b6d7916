import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parse, stringify } from "yaml";
import { run } from "../../cli/main";
import { planEdgeVolume } from "../../components/edge/edge-volume-model";
import { renderEdgeVolumeManifests } from "../../components/edge/gitops-model";
import { volumeDescription } from "../edge/fixtures";
import { siteEdgeVolume } from "../../components/site-naming";
import { parseSite, SITE_KEY } from "../../stacks/config";

/** Runs the CLI in-process; resolves with its exit code and what it printed. */
async function gitops(args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await run(["gitops", ...args], { out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out, err };
}

/** A Git checkout (an empty folder) and a description file. */
function workspace(description: unknown = volumeDescription()): { repo: string; from: string } {
    const dir = mkdtempSync(join(tmpdir(), "gitops-"));
    const from = join(dir, "edge-volume.yaml");
    writeFileSync(from, stringify(description));
    mkdirSync(join(dir, "repo"));
    return { repo: join(dir, "repo"), from };
}

test("render writes the site's folder: the planned objects and a kustomization, identical to the pure renderer", async () => {
    const { repo, from } = workspace();
    const r = await gitops(["render", "--site", "site01", "--from", from, "--out", repo]);
    assert.equal(r.code, 0, r.err.join("\n"));
    const folder = join(repo, "clusters/site01/edge-fabric");
    const expected = renderEdgeVolumeManifests(planEdgeVolume(volumeDescription()));
    assert.deepEqual(readdirSync(folder).sort(), Object.keys(expected).sort());
    for (const [file, text] of Object.entries(expected)) {
        assert.equal(readFileSync(join(folder, file), "utf8"), text);
    }
    assert.deepEqual(r.out, Object.keys(expected).map((f) => `wrote clusters/site01/edge-fabric/${f}`));

    // Rendering again changes nothing; --check agrees.
    assert.deepEqual((await gitops(["render", "--site", "site01", "--from", from, "--out", repo])).out, ["clusters/site01/edge-fabric: up to date (3 files)"]);
    const check = await gitops(["render", "--site", "site01", "--from", from, "--out", repo, "--check"]);
    assert.equal(check.code, 0);
});

test("--check fails when the committed folder is out of date; a schema change removes only generated files", async () => {
    const { repo, from } = workspace();
    assert.equal((await gitops(["render", "--site", "site01", "--from", from, "--out", repo])).code, 0);
    const folder = join(repo, "clusters/site01/edge-fabric");
    writeFileSync(join(folder, "README.md"), "hand-written, not a manifest\n");
    writeFileSync(from, stringify({ ...volumeDescription(), size: "80Gi", schema: "EdgeSubvolume" }));

    const check = await gitops(["render", "--site", "site01", "--from", from, "--out", repo, "--check"]);
    assert.equal(check.code, 1);
    assert.deepEqual(check.out, [
        "out of date: clusters/site01/edge-fabric/00-persistentvolumeclaim-cold-archive.yaml",
        "out of date: clusters/site01/edge-fabric/01-edgeingestpolicy-cold-archive-ingest-policy.yaml",
        "out of date: clusters/site01/edge-fabric/02-edgesubvolume-cold-archive-ingest.yaml",
        "out of date: clusters/site01/edge-fabric/kustomization.yaml",
        "stale: clusters/site01/edge-fabric/01-ingestsubvolume-cold-archive-ingest.yaml",
    ]);
    assert.match(check.err.join("\n"), /differs from the rendered manifests; run edge-fabric gitops render without --check/);
    assert.ok(existsSync(join(folder, "01-ingestsubvolume-cold-archive-ingest.yaml")), "--check writes nothing");

    const r = await gitops(["render", "--site", "site01", "--from", from, "--out", repo]);
    assert.equal(r.code, 0);
    assert.deepEqual(readdirSync(folder).sort(), ["00-persistentvolumeclaim-cold-archive.yaml", "01-edgeingestpolicy-cold-archive-ingest-policy.yaml", "02-edgesubvolume-cold-archive-ingest.yaml", "README.md", "kustomization.yaml"]);
    assert.match(readFileSync(join(folder, "00-persistentvolumeclaim-cold-archive.yaml"), "utf8"), /storage: 80Gi/);
});

test("a hand-written file in the way is never overwritten (exit 2); --path picks another folder", async () => {
    const { repo, from } = workspace();
    const folder = join(repo, "clusters/site01/edge-fabric");
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, "kustomization.yaml"), "resources: [mine.yaml]\n");
    const refused = await gitops(["render", "--site", "site01", "--from", from, "--out", repo]);
    assert.equal(refused.code, 2);
    assert.match(refused.err.join("\n"), /kustomization\.yaml exist but were not generated by edge-fabric/);
    assert.equal(readFileSync(join(folder, "kustomization.yaml"), "utf8"), "resources: [mine.yaml]\n");

    const moved = await gitops(["render", "--site", "site01", "--from", from, "--out", repo, "--path", "./plants/site01/"]);
    assert.equal(moved.code, 0, moved.err.join("\n"));
    assert.ok(existsSync(join(repo, "plants/site01/kustomization.yaml")));
});

test("bad input: the description's problems by prop, the site and path, invalid YAML by line, exit 1 without a stack trace", async () => {
    const { repo, from } = workspace({ ...volumeDescription(), claimName: "Cold", subvolume: { ...volumeDescription().subvolume, containerName: "A" } });
    let r = await gitops(["render", "--site", "site01", "--from", from, "--out", repo]);
    assert.equal(r.code, 1);
    assert.match(r.err.join("\n"), /edge-volume\.yaml: EdgeVolume: 2 problems:\n {2}- claimName: "Cold" is not a valid Kubernetes object name.*\n {2}- subvolume\.containerName: /);

    r = await gitops(["render", "--site", "Site_01", "--from", from, "--out", repo, "--path", "../elsewhere"]);
    assert.equal(r.code, 1);
    assert.match(r.err.join("\n"), /gitops render: 2 problems:\n {2}- --site: "Site_01" must be 1 to 63 lowercase letters.*\n {2}- --path: "\.\.\/elsewhere" must be a folder relative to the repository root/);

    writeFileSync(from, "claimName: [unclosed\n");
    r = await gitops(["render", "--site", "site01", "--from", from, "--out", repo]);
    assert.match(r.err.join("\n"), /edge-volume\.yaml:\d+:\d+: invalid YAML/);

    writeFileSync(from, "claimName: cold\n");
    r = await gitops(["render", "--site", "site01", "--from", from, "--out", repo]);
    assert.match(r.err.join("\n"), /edge-volume\.yaml: expected an edge-volume description/);
    r = await gitops(["render", "--site", "site01", "--from", join(repo, "missing.yaml"), "--out", repo]);
    assert.match(r.err.join("\n"), /missing\.yaml: cannot read \(no such file\)/);
    assert.equal(readdirSync(repo).length, 0, "nothing written on failure");
});

const root = resolve(__dirname, "../../..");
const devText = readFileSync(join(root, "Pulumi.dev.yaml"), "utf8");

test("render --stack: the site's own edge volume, as the site program derives it (siteEdgeVolume)", async () => {
    const { repo } = workspace();
    const r = await gitops(["render", "--stack", "dev", "--dir", root, "--out", repo]);
    assert.equal(r.code, 0, r.err.join("\n"));
    const site = parseSite((parse(devText) as { config: Record<string, unknown> }).config[SITE_KEY]);
    const expected = renderEdgeVolumeManifests(planEdgeVolume(siteEdgeVolume({ ...site, archive: { ...site.archive, storageAccountId: undefined } })));
    const folder = join(repo, "clusters/site01/edge-fabric");
    assert.deepEqual(readdirSync(folder).sort(), Object.keys(expected).sort());
    for (const [file, text] of Object.entries(expected)) {
        assert.equal(readFileSync(join(folder, file), "utf8"), text);
    }
    const subvolume = readFileSync(join(folder, "01-ingestsubvolume-site01-ingest.yaml"), "utf8");
    for (const line of ["namespace: azure-iot-operations", "edgevolume: site01-cold", "storageAccountEndpoint: https://efsite01archive.blob.core.windows.net/", "containerName: edge-ingest"]) {
        assert.ok(subvolume.includes(line), `${line} in\n${subvolume}`);
    }
    assert.match(readFileSync(join(folder, "00-persistentvolumeclaim-site01-cold.yaml"), "utf8"), /storage: 10Gi/);
});

test("render --stack follows the config's GitOps folder; wrong combinations and a site without a cold path are user errors", async () => {
    const dir = mkdtempSync(join(tmpdir(), "gitops-stack-"));
    const gitopsSite = devText.replace(
        "acsaPrincipalId: 22222222-2222-2222-2222-222222222222",
        [
            "acsaPrincipalId: 22222222-2222-2222-2222-222222222222",
            "        delivery:",
            "          mode: gitops",
            "          clusterId: /subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-site01-arc/providers/Microsoft.Kubernetes/connectedClusters/site01-arc",
            "          path: ./plants/site01",
            "          repository:",
            "            url: https://github.com/contoso/plants.git",
            "            auth: { type: secretRef, secretRef: plants-git }",
        ].join("\n"),
    );
    writeFileSync(join(dir, "Pulumi.flux.yaml"), gitopsSite);
    writeFileSync(join(dir, "Pulumi.nocold.yaml"), devText.replace(/cold:\n\s+enabled: true/, "cold:\n        enabled: false"));
    const repo = join(dir, "repo");
    const r = await gitops(["render", "--stack", "flux", "--dir", dir, "--out", repo]);
    assert.equal(r.code, 0, r.err.join("\n"));
    assert.ok(existsSync(join(repo, "plants/site01/kustomization.yaml")), r.out.join("\n"));

    const both = await gitops(["render", "--stack", "flux", "--from", join(dir, "x.yaml"), "--dir", dir, "--out", repo]);
    assert.equal(both.code, 1);
    assert.match(both.err.join("\n"), /give exactly one of --from FILE .* and --stack NAME/);
    const neither = await gitops(["render", "--site", "site01", "--out", repo]);
    assert.equal(neither.code, 1);
    const other = await gitops(["render", "--stack", "flux", "--site", "site02", "--dir", dir, "--out", repo]);
    assert.match(other.err.join("\n"), /--site site02 differs from the site of Pulumi\.flux\.yaml \(site01\)/);
    const nocold = await gitops(["render", "--stack", "nocold", "--dir", dir, "--out", repo]);
    assert.equal(nocold.code, 1);
    assert.match(nocold.err.join("\n"), /Pulumi\.nocold\.yaml: edge-fabric:site\.edge\.cold\.enabled is false: the site has no edge volume to render/);
    const missing = await gitops(["render", "--stack", "nope", "--dir", dir, "--out", repo]);
    assert.equal(missing.code, 1);
    assert.ok(!missing.err.some((e) => /\n\s+at /.test(e)));
});
