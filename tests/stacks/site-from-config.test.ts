import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parse } from "yaml";
import * as pulumi from "@pulumi/pulumi";
import { synth } from "../../cli/synth";
import { runtimeConfig } from "../../cli/stack-file";
import { HybridSite, loadSiteSchema, siteFromConfig, type HybridSiteArgs } from "../../index";
import { withSiteDefaults } from "../../components/site-defaults";
import { SITE_KEY } from "../../stacks/config";
import { siteProgram } from "../../stacks/site";

const root = resolve(__dirname, "../../..");
const minimalFile = resolve(root, "examples/Pulumi.minimal.yaml");
const minimalConfig = () => (parse(readFileSync(minimalFile, "utf8")) as { config: Record<string, unknown> }).config;

/**
 * The minimal sample's keys taken as library args, as a library user writes them: required args only
 * (examples/site writes the same literal and CI type-checks it against the packed package).
 */
const requiredOnly = async (): Promise<HybridSiteArgs> => ({ ...(minimalConfig()[SITE_KEY] as Omit<HybridSiteArgs, "schema">), schema: await loadSiteSchema() });

test("siteFromConfig: the minimal sample's args, defaults applied, equal the library's defaults for the same required args", async () => {
    const fromConfig = await siteFromConfig(minimalConfig()[SITE_KEY]);
    const library = await requiredOnly();
    assert.equal(fromConfig.schema, library.schema, "the bundled schema, loaded once");
    const { configPath, ...config } = withSiteDefaults(fromConfig);
    assert.equal(configPath, SITE_KEY);
    // The config parser fills every default, so applying the library's defaults changes nothing.
    assert.deepEqual(withSiteDefaults(fromConfig), { ...fromConfig, configPath });
    assert.deepEqual(JSON.parse(JSON.stringify(config)), JSON.parse(JSON.stringify(withSiteDefaults(library))));
    assert.equal(config.eventHubs.hubName, "telemetry");
    assert.deepEqual(config.archive.lifecycle, { coolAfterDays: 30, coldAfterDays: 90, archiveAfterDays: 180, deleteAfterDays: null });
});

test("siteFromConfig: every problem at once, with its config path, before anything is built", async () => {
    const site = structuredClone(minimalConfig()[SITE_KEY]) as { eventHubs?: unknown; serving: { workspaceId?: string } };
    site.eventHubs = { partitions: 64 };
    delete site.serving.workspaceId;
    await assert.rejects(siteFromConfig(site), (error: Error) => {
        assert.match(error.message, /2 problems/);
        assert.match(error.message, /edge-fabric:site\.eventHubs\.partitions: must be between 1 and 32 on Standard, got 64/);
        assert.match(error.message, /edge-fabric:site\.serving\.workspaceId/);
        return true;
    });
});

test("siteFromConfig: { stackOutput } values read through the reader passed", async () => {
    const site = structuredClone(minimalConfig()[SITE_KEY]) as Record<string, unknown> & { serving: Record<string, unknown> };
    site.platform = { stack: "contoso/edge-fabric-platform/prod" };
    site.serving.workspaceId = { stackOutput: "fabricWorkspaceId" };
    const args = await siteFromConfig(site, { platformOutputs: (name) => Promise.resolve(name === "fabricWorkspaceId" ? "5b1d6b9f-2a8f-4b66-9e6a-3c8f1f7dab21" : undefined) });
    assert.equal(args.serving.kind === "eventhouse" && args.serving.workspaceId, "5b1d6b9f-2a8f-4b66-9e6a-3c8f1f7dab21");
    await assert.rejects(siteFromConfig(site, { platformOutputs: () => Promise.resolve(undefined) }), /edge-fabric:site\.serving\.workspaceId: stack contoso\/edge-fabric-platform\/prod has no output "fabricWorkspaceId"/);
});

test("HybridSite from required args only: the defaulted hub, archive and dataflows are built", async () => {
    const args = await requiredOnly();
    const { resources } = await synth(() => new HybridSite("plant02", args));
    const hub = resources.find((r) => r.type === "azure-native:eventhub:EventHub");
    assert.equal(hub?.inputs.eventHubName, "telemetry");
    assert.equal(hub?.inputs.partitionCount, 4);
    const account = resources.find((r) => r.type === "azure-native:storage:StorageAccount");
    assert.deepEqual(account?.inputs.sku, { name: "Standard_RAGRS" });
    assert.equal(account?.inputs.publicNetworkAccess, "Disabled");
    assert.ok(resources.some((r) => r.type === "edge-fabric:serving:RealTimeDashboard"), "the dashboard is on by default for an Eventhouse");
});

test("the minimal sample site plans: the stack program builds it from only its required keys", async () => {
    const { values, secretKeys } = runtimeConfig(minimalConfig());
    pulumi.runtime.setAllConfig(values, secretKeys);
    const { result } = await synth(async () => (await siteProgram()).site.dataPath);
    assert.equal(result.site, "plant02");
    assert.equal(result.eventHubs.hub, "telemetry");
    assert.equal(result.eventHubs.namespace, "ef-plant02-northeurope");
    assert.equal(result.edgeVolume, undefined);
});
