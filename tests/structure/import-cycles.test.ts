import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { test } from "node:test";
import { repoRoot } from "../kusto/helpers";

/** Every relative import (type-only ones included: they tie modules together just the same) of each .ts file under `dir`. */
function importGraph(dir: string): Map<string, string[]> {
    const root = join(repoRoot, dir);
    const files = readdirSync(root, { recursive: true }).map(String).filter((f) => f.endsWith(".ts"));
    const graph = new Map<string, string[]>();
    for (const file of files) {
        const abs = join(root, file);
        const text = readFileSync(abs, "utf8");
        const targets = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;]*?\bfrom\s+"(\.{1,2}\/[^"]+)"/g)]
            .map((m) => resolve(dirname(abs), m[1]))
            .map((target) => (files.includes(`${relative(root, target)}.ts`) ? `${relative(root, target)}.ts` : `${relative(root, target)}/index.ts`))
            .filter((target) => files.includes(target));
        graph.set(file, targets);
    }
    return graph;
}

/** The first cycle found, as the chain of files, or undefined. */
function findCycle(graph: Map<string, string[]>): string[] | undefined {
    const state = new Map<string, "open" | "done">();
    const stack: string[] = [];
    const visit = (node: string): string[] | undefined => {
        if (state.get(node) === "done") return undefined;
        if (state.get(node) === "open") return [...stack.slice(stack.indexOf(node)), node];
        state.set(node, "open");
        stack.push(node);
        for (const next of graph.get(node) ?? []) {
            const cycle = visit(next);
            if (cycle) return cycle;
        }
        stack.pop();
        state.set(node, "done");
        return undefined;
    };
    for (const node of graph.keys()) {
        const cycle = visit(node);
        if (cycle) return cycle;
    }
    return undefined;
}

for (const dir of ["kusto", "cli"]) {
    test(`no import cycle inside ${dir}/`, () => {
        const graph = importGraph(dir);
        assert.ok(graph.size > 3, `expected the modules of ${dir}/`);
        const cycle = findCycle(graph);
        assert.equal(cycle, undefined, `import cycle: ${cycle?.join(" -> ")}`);
    });
}

test("the cycle finder finds a cycle", () => {
    assert.deepEqual(findCycle(new Map([["a.ts", ["b.ts"]], ["b.ts", ["c.ts"]], ["c.ts", ["a.ts"]]])), ["a.ts", "b.ts", "c.ts", "a.ts"]);
});
