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

// README's layering: `cli`, `stacks` -> `components` -> `providers` -> `kusto`; a folder imports only
// the folders after it (and the bundled `kql/` data), never one before it or a program folder.
const LAYERS = [["cli", "stacks"], ["components"], ["providers"], ["kusto"]];
const PROGRAMS = ["platform", "policy", "bench", "tools", "tests"];

/** The top-level folders that the .ts files under `dir` import from (relative imports, type-only ones included), each with a file that does. */
function foldersImported(dir: string): Map<string, string> {
    const root = join(repoRoot, dir);
    const found = new Map<string, string>();
    for (const file of readdirSync(root, { recursive: true }).map(String).filter((f) => f.endsWith(".ts"))) {
        const abs = join(root, file);
        for (const m of readFileSync(abs, "utf8").matchAll(/(?:^|\n)\s*(?:import|export)\b[^;]*?\bfrom\s+"(\.{1,2}\/[^"]+)"/g)) {
            const top = relative(repoRoot, resolve(dirname(abs), m[1])).split(/[\\/]/)[0];
            if (top !== dir && !found.has(top)) {
                found.set(top, `${dir}/${file}`);
            }
        }
    }
    return found;
}

for (const [level, dirs] of LAYERS.entries()) {
    for (const dir of dirs) {
        test(`layering: ${dir}/ imports nothing from the layers above it or from a program folder`, () => {
            const above = [...LAYERS.slice(0, level).flat(), ...PROGRAMS];
            const imported = foldersImported(dir);
            assert.ok(imported.size > 0 || dir === "kusto", `expected ${dir}/ to import from another folder`);
            assert.deepEqual([...imported].filter(([top]) => above.includes(top)).map(([top, file]) => `${file} imports ${top}/`), []);
        });
    }
}

test("the cycle finder finds a cycle", () => {
    assert.deepEqual(findCycle(new Map([["a.ts", ["b.ts"]], ["b.ts", ["c.ts"]], ["c.ts", ["a.ts"]]])), ["a.ts", "b.ts", "c.ts", "a.ts"]);
});
