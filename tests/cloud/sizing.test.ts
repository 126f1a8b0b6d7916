import { test } from "node:test";
import assert from "node:assert/strict";
import { sizeEventHubs, type TelemetryProfile } from "../../components/cloud/rules/sizing";
import { ValidationError } from "../../components/validation";

const MB = 1024 * 1024;

test("event rate drives units when messages are small: 200 assets x 50 tags x 1 Hz x 200 B", () => {
    const s = sizeEventHubs({ assets: 200, tagsPerAsset: 50, samplesPerSecond: 1, bytesPerMessage: 200 });
    assert.equal(s.eventsPerSecond, 10_000);
    assert.equal(s.bytesPerSecond, 2_000_000);
    assert.equal(s.unitsNeeded, 10); // 10 000 events/s / 1000 per TU beats 1.9 MB/s / 1 MB per TU
    assert.equal(s.capacity, 15); // 50 % headroom
    assert.equal(s.autoInflateMaximum, 30); // burst factor 2
    assert.equal(s.partitionCount, 30); // one partition per peak unit
    assert.equal(s.sku, "Standard");
});

test("byte rate drives units when tags are batched into one message per asset", () => {
    const s = sizeEventHubs({ assets: 200, tagsPerAsset: 50, samplesPerSecond: 1, bytesPerMessage: 5000, tagsPerMessage: 50 });
    assert.equal(s.eventsPerSecond, 200);
    assert.ok(Math.abs(s.unitsNeeded - 1_000_000 / MB) < 1e-9);
    assert.equal(s.capacity, 2);
    assert.equal(s.autoInflateMaximum, 4);
    assert.equal(s.partitionCount, 4); // minPartitions floor
});

test("a small site gets one unit and the minimum partitions; knobs apply", () => {
    const small: TelemetryProfile = { assets: 10, tagsPerAsset: 10, samplesPerSecond: 1, bytesPerMessage: 100 };
    assert.deepEqual(
        (({ capacity, autoInflateMaximum, partitionCount }) => ({ capacity, autoInflateMaximum, partitionCount }))(sizeEventHubs(small)),
        { capacity: 1, autoInflateMaximum: 2, partitionCount: 4 },
    );
    const tuned = sizeEventHubs({ ...small, assets: 1000 }, { headroom: 0, burstFactor: 1, minPartitions: 2 });
    assert.equal(tuned.capacity, 10);
    assert.equal(tuned.autoInflateMaximum, 10);
    assert.equal(tuned.partitionCount, 10);
});

test("Premium has no auto-inflate; partitions follow processing units", () => {
    const s = sizeEventHubs({ assets: 200, tagsPerAsset: 50, samplesPerSecond: 1, bytesPerMessage: 200 }, { sku: "Premium" });
    assert.equal(s.capacity, 15);
    assert.equal(s.autoInflateMaximum, undefined);
    assert.equal(s.partitionCount, 15);
});

test("refuses a profile beyond Standard's 40 TUs, naming the limit and the fix", () => {
    const profile = { assets: 1000, tagsPerAsset: 100, samplesPerSecond: 1, bytesPerMessage: 200 };
    assert.throws(
        () => sizeEventHubs(profile),
        (err: unknown) => {
            assert.ok(err instanceof ValidationError);
            assert.match(err.message, /needs 150 throughput units \(100000 events\/s, 19\.1 MB\/s with 50 % headroom\) but Standard allows at most 40 per namespace/);
            assert.match(err.message, /event-hubs-quotas/);
            assert.match(err.message, /use sku "Premium"/);
            return true;
        },
    );
    assert.throws(() => sizeEventHubs(profile, { sku: "Premium" }), /needs 150 processing units .* Premium allows at most 16 per namespace.*split the site's assets/);
});

test("refuses a peak needing more partitions than a Standard hub has, and says to lower the burst factor", () => {
    const profile = { assets: 13, tagsPerAsset: 1000, samplesPerSecond: 1, bytesPerMessage: 100 }; // 13 000 events/s -> 20 TUs, ceiling 40
    assert.throws(() => sizeEventHubs(profile), /needs 40 partitions per hub for a peak of 40 throughput units .* at most 32 per hub .*lower burstFactor/);
    assert.equal(sizeEventHubs(profile, { burstFactor: 1.5 }).partitionCount, 30);
});

test("reports every bad profile field at once, each with its name and rule", () => {
    assert.throws(
        () => sizeEventHubs({ assets: 0, tagsPerAsset: 1.5, samplesPerSecond: -1, bytesPerMessage: 2 * MB, tagsPerMessage: 9 }, { headroom: -0.1, burstFactor: 0.5 }),
        (err: unknown) => {
            assert.ok(err instanceof ValidationError);
            const paths = err.problems.map((p) => p.path);
            assert.deepEqual(paths, ["assets", "tagsPerAsset", "samplesPerSecond", "bytesPerMessage", "tagsPerMessage", "headroom", "burstFactor"]);
            assert.match(err.message, /bytesPerMessage: must be an integer from 1 to 1048576 \(max publication size on Standard/);
            assert.match(err.message, /samplesPerSecond: must be a number greater than 0, got -1/);
            assert.match(err.message, /^telemetry profile: 7 problems:/);
            return true;
        },
    );
    assert.throws(() => sizeEventHubs({ assets: 1, tagsPerAsset: 1, samplesPerSecond: 1, bytesPerMessage: 10 }, { minPartitions: 33 }), /minPartitions: must be an integer from 1 to 32/);
});
