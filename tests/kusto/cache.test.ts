import assert from "node:assert/strict";
import { test } from "node:test";
import { CacheStore, cacheStats, formatDiagnostic, loadSchema, resetMemoryCache } from "../../kusto";
import { readDir } from "./helpers";

class MapStore implements CacheStore {
    readonly entries = new Map<string, string>();
    get(key: string): string | undefined {
        return this.entries.get(key);
    }
    set(key: string, value: string): void {
        this.entries.set(key, value);
    }
}

const broken = (): ReturnType<typeof readDir> => readDir("tests/fixtures/kql-broken");
const lines = async (store?: CacheStore): Promise<string[]> => (await loadSchema(broken(), { cache: store })).diagnostics.map(formatDiagnostic);

test("the full grammar runs at most once per distinct command text; a warm store needs no grammar at all", async () => {
    resetMemoryCache();
    const store = new MapStore();
    const cold = await lines(store);
    const firstRuns = cacheStats().grammarRuns;
    assert.ok(firstRuns >= 4 && firstRuns <= 6, `grammar runs ${firstRuns}`);
    assert.deepEqual(await lines(store), cold);
    assert.equal(cacheStats().grammarRuns, firstRuns, "memory");
    resetMemoryCache();
    assert.deepEqual(await lines(store), cold);
    assert.equal(cacheStats().grammarRuns, 0, "store");
    assert.ok(cacheStats().storeHits > 0);
});

test("corrupt or foreign store entries are recomputed, never trusted", async () => {
    resetMemoryCache();
    const store = new MapStore();
    const expected = await lines(store);
    const keys = [...store.entries.keys()];
    keys.forEach((k, i) => store.entries.set(k, i % 3 === 0 ? "{not json" : i % 3 === 1 ? JSON.stringify({ hash: "other", value: [] }) : JSON.stringify({ hash: k, value: { wrong: "shape" } })));
    resetMemoryCache();
    assert.deepEqual(await lines(store), expected);
    assert.equal(cacheStats().storeHits, 0);
});
