// CI: the package as a consumer gets it. Packs the tarball (`npm pack`), installs it into a fresh
// project outside the repository (a copy of examples/site, dependencies from the npm registry,
// `--prefer-offline` so the npm cache serves what it holds), type-checks the example against the
// installed declarations and runs it under Pulumi's mocks. Exit 1 on the first failure. Packs the
// `dist/` already built (CI runs it after `npm test`): `--ignore-scripts` skips a second compile.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { execFileSync } from "node:child_process";

const root = resolve(import.meta.dirname, "..");
const work = mkdtempSync(join(tmpdir(), "edge-fabric-package-"));
if (!existsSync(join(root, "dist", "index.js"))) {
    throw new Error("dist/index.js is missing: run npm run build first");
}
const npm = (args, cwd) => execFileSync("npm", args, { cwd, stdio: ["ignore", "pipe", "inherit"], encoding: "utf8" });
try {
    const [packed] = JSON.parse(npm(["pack", "--json", "--ignore-scripts", "--pack-destination", work], root));
    const tarball = join(work, packed.filename);
    const files = packed.files.map((f) => f.path);
    for (const needed of ["dist/index.js", "dist/index.d.ts", "dist/cli/main.js", "bin/edge-fabric.js", "kql/1-bronze.kql", "README.md"]) {
        if (!files.includes(needed)) {
            throw new Error(`the tarball lacks ${needed}`);
        }
    }
    const stray = files.filter((f) => /^dist\/(tests|bench|tools)\//.test(f));
    if (stray.length > 0) {
        throw new Error(`the tarball ships ${stray.length} files a consumer does not need, e.g. ${stray[0]}`);
    }
    console.log(`packed ${packed.filename}: ${files.length} files, ${(packed.size / 1024).toFixed(0)} KiB`);

    const consumer = join(work, "consumer");
    cpSync(join(root, "examples", "site"), consumer, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(consumer, "package.json"), "utf8"));
    manifest.dependencies["edge-fabric"] = `file:${tarball}`;
    writeFileSync(join(consumer, "package.json"), JSON.stringify(manifest, null, 2));
    npm(["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], consumer);
    npm(["run", "build"], consumer);
    console.log("examples/site type-checks against the installed package");

    // Run under mocks: the consumer's @pulumi/pulumi is the one edge-fabric resolves too.
    writeFileSync(
        join(consumer, "run-mocks.js"),
        `const pulumi = require("@pulumi/pulumi");
const types = [];
pulumi.runtime.setMocks({
    newResource: (args) => { types.push(args.type); return { id: args.name + "-id", state: args.inputs }; },
    call: (args) => (args.token === "azure-native:authorization:getClientConfig" ? { subscriptionId: "00000000-0000-0000-0000-000000000000", objectId: "00000000-0000-0000-0000-000000000009", tenantId: "00000000-0000-0000-0000-00000000000a", clientId: "c" } : args.inputs),
}, "edge-fabric-example-site", "ci", false);
const fail = (message) => { console.error("examples/site: " + message); process.exit(1); };
require("./index.js")
    .then((outputs) => new Promise((resolve) => outputs.dataflows.apply(resolve)))
    .then((names) => {
        const need = ["edge-fabric:site:HybridSite", "azure-native:eventhub:EventHub", "azure-native:storage:StorageAccount", "edge-fabric:serving:RealTimeDashboard"];
        const missing = need.filter((t) => !types.includes(t));
        if (missing.length > 0 || !Array.isArray(names) || names.length === 0) {
            fail("missing " + [...missing, ...(Array.isArray(names) && names.length > 0 ? [] : ["dataflows"])].join(", "));
        }
        console.log("examples/site runs under mocks: " + types.length + " resources, " + names.length + " dataflows");
    }, (error) => fail(error.message));
`,
    );
    execFileSync(process.execPath, ["run-mocks.js"], { cwd: consumer, stdio: "inherit" });
} finally {
    if (process.argv.includes("--keep")) {
        console.log(`kept ${work}`);
    } else {
        rmSync(work, { recursive: true, force: true });
    }
}
