#!/usr/bin/env node
'use strict';
// Runs the compiled CLI (dist/) in production images; in a source checkout it runs the TypeScript directly.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const source = join(__dirname, '../src/composition/cli/main.ts');
const compiled = join(__dirname, '../dist/composition/cli/main.js');

let entry = compiled;
if (existsSync(source) && !process.env.AGENT_RUNNER_USE_DIST) {
  try {
    require.resolve('@swc-node/register');
    require('@swc-node/register');
    entry = source;
  } catch {
    // No dev dependencies: fall back to the compiled CLI.
  }
}
if (!existsSync(entry)) {
  console.error('agent-runner is not built: run `npm run build` (or `npm ci` for a source checkout).');
  process.exit(1);
}
require(entry)
  .main(process.argv)
  .then((code) => process.exit(code ?? 0), (err) => {
    console.error(`agent-runner: ${err && err.message ? err.message : err}`);
    process.exit(1);
  });
