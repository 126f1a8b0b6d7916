import { test } from "node:test";
import assert from "node:assert/strict";
import { renderLifecyclePolicy, validateLifecycle, type LifecycleContext, type LifecycleRule } from "../../components/cloud/rules/lifecycle";
import { formatProblem } from "../../components/validation";

const ctx: LifecycleContext = { skuName: "Standard_RAGRS", versioning: true };

function problems(rules: LifecycleRule[], context: LifecycleContext = ctx): string[] {
    return validateLifecycle(rules, context).map(formatProblem);
}

test("renders one rule per container prefix with tier actions on last modification", () => {
    const doc = renderLifecyclePolicy([{ container: "eh-capture", coolAfterDays: 30, coldAfterDays: 60, archiveAfterDays: 150 }, { container: "kql-export", prefix: "gold/", coolAfterDays: 0 }], ctx);
    assert.deepEqual(doc.rules[0], {
        name: "eh-capture",
        enabled: true,
        type: "Lifecycle",
        definition: {
            filters: { blobTypes: ["blockBlob"], prefixMatch: ["eh-capture/"] },
            actions: { baseBlob: { tierToCool: { daysAfterModificationGreaterThan: 30 }, tierToCold: { daysAfterModificationGreaterThan: 60 }, tierToArchive: { daysAfterModificationGreaterThan: 150 } } },
        },
    });
    assert.equal(doc.rules[1].name, "kql-export-gold-");
    assert.deepEqual(doc.rules[1].definition.filters.prefixMatch, ["kql-export/gold/"]);
});

test("a delete also removes snapshots, and versions when versioning is on", () => {
    const rule: LifecycleRule = { container: "eh-capture", coolAfterDays: 30, archiveAfterDays: 60, deleteAfterDays: 365 };
    const withVersions = renderLifecyclePolicy([rule], ctx).rules[0].definition.actions;
    assert.deepEqual(withVersions.baseBlob.delete, { daysAfterModificationGreaterThan: 365 });
    assert.deepEqual(withVersions.version, { delete: { daysAfterCreationGreaterThan: 365 } });
    assert.deepEqual(withVersions.snapshot, { delete: { daysAfterCreationGreaterThan: 365 } });
    const noVersions = renderLifecyclePolicy([rule], { ...ctx, versioning: false }).rules[0].definition.actions;
    assert.equal(noVersions.version, undefined);
    assert.ok(noVersions.snapshot);
});

test("ages must increase cool < cold < archive < delete", () => {
    assert.deepEqual(problems([{ container: "eh-capture", coolAfterDays: 90, coldAfterDays: 60 }]), [
        "lifecycle[0].coldAfterDays: must be greater than coolAfterDays (90), got 60: ages must increase cool < cold < archive < delete",
    ]);
    assert.match(problems([{ container: "eh-capture", archiveAfterDays: 200, deleteAfterDays: 200 }])[0], /deleteAfterDays: must be greater than archiveAfterDays \(200\), got 200/);
});

test("each tier's minimum stay is respected, with the age that would fix it", () => {
    assert.deepEqual(problems([{ container: "eh-capture", coolAfterDays: 30, coldAfterDays: 45 }]), [
        "lifecycle[0].coldAfterDays: moving to cold 15 days after the move to cool breaks the cool tier's minimum stay of 30 days (early deletion is billed, blob access tiers, learn.microsoft.com/azure/storage/blobs/access-tiers-overview); set coldAfterDays to at least 60",
    ]);
    assert.match(problems([{ container: "eh-capture", coldAfterDays: 10, archiveAfterDays: 50 }])[0], /archiveAfterDays: moving to archive 40 days after the move to cold breaks the cold tier's minimum stay of 90 days.*at least 100/);
    assert.match(problems([{ container: "eh-capture", archiveAfterDays: 150, deleteAfterDays: 300 }])[0], /deleteAfterDays: deleting 150 days after the move to archive breaks the archive tier's minimum stay of 180 days.*at least 330/);
    assert.deepEqual(problems([{ container: "eh-capture", coolAfterDays: 30, coldAfterDays: 60, archiveAfterDays: 150, deleteAfterDays: 330 }]), []);
    assert.deepEqual(problems([{ container: "eh-capture", deleteAfterDays: 1 }]), [], "deleting from hot has no minimum");
});

test("archive is refused on zone-redundant accounts (access tiers: archive needs LRS/GRS/RA-GRS)", () => {
    for (const sku of ["Standard_GZRS", "Standard_RAGZRS", "Standard_ZRS"]) {
        assert.match(problems([{ container: "eh-capture", archiveAfterDays: 150 }], { ...ctx, skuName: sku })[0], new RegExp(`archiveAfterDays: the archive tier is not available on ${sku} \\(only Standard_LRS, Standard_GRS, Standard_RAGRS.*stop at coldAfterDays`));
    }
    assert.deepEqual(problems([{ container: "eh-capture", coldAfterDays: 150 }], { ...ctx, skuName: "Standard_GZRS" }), []);
});

test("a delete inside the container's immutability period is refused", () => {
    const locked = { ...ctx, immutabilityDays: { "eh-capture": 365 } };
    assert.match(problems([{ container: "eh-capture", deleteAfterDays: 200 }], locked)[0], /deleteAfterDays: 200 days is inside container "eh-capture"'s immutability period of 365 days.*set it above 365/);
    assert.deepEqual(problems([{ container: "eh-capture", deleteAfterDays: 366 }], locked), []);
    assert.deepEqual(problems([{ container: "edge-ingest", deleteAfterDays: 1 }], locked), []);
});

test("bad rules are all reported: no action, bad names, prefixes, ages, duplicates", () => {
    const found = problems([
        { container: "eh-capture" },
        { container: "Bad_Name", coolAfterDays: 30 },
        { container: "eh-capture", prefix: "/x", coolAfterDays: -1 },
        { container: "edge-ingest", coolAfterDays: 1.5 },
        { container: "edge-ingest", coolAfterDays: 40 },
    ]);
    assert.deepEqual(found.map((f) => f.slice(0, f.indexOf(":"))), [
        "lifecycle[0]",
        "lifecycle[1].container",
        "lifecycle[2].prefix",
        "lifecycle[2].coolAfterDays",
        "lifecycle[3].coolAfterDays",
        "lifecycle[4]",
    ]);
    assert.match(found[0], /sets no action/);
    assert.match(found[5], /covers the same container and prefix as lifecycle\[3\]/);
});

test("at most 100 rules per policy", () => {
    const rules = Array.from({ length: 101 }, (_, i): LifecycleRule => ({ container: "eh-capture", prefix: `p${i}/`, coolAfterDays: 30 }));
    assert.deepEqual(problems(rules).filter((p) => p.startsWith("lifecycle:")), ["lifecycle: has 101 rules; a policy holds at most 100 (lifecycle management, learn.microsoft.com/azure/storage/blobs/lifecycle-management-overview)"]);
});
