#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in dist/ (built by `npm ci` through the prepare script).
const { redact } = require("../dist/providers/redact.js");
require("../dist/cli/main.js").main().catch((error) => {
    process.stderr.write(`edge-fabric: internal error: ${redact(error instanceof Error ? error.message : String(error))}\n`);
    process.exitCode = 1;
});
