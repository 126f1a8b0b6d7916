#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in dist/ (built by `npm ci` through the prepare script).
// Node 22.1+ keeps V8's compiled code of every module loaded after this call (Kusto.Language is 5 MB
// of script), so a fresh process skips most compiling: in NODE_COMPILE_CACHE if set, else in
// <os.tmpdir()>/node-compile-cache (https://nodejs.org/api/module.html#moduleenablecompilecachedir).
// Older Node versions lack the function and compile as before.
require("node:module").enableCompileCache?.();
const { redact } = require("../dist/providers/redact.js");
require("../dist/cli/main.js").main().catch((error) => {
    process.stderr.write(`edge-fabric: internal error: ${redact(error instanceof Error ? error.message : String(error))}\n`);
    process.exitCode = 1;
});
