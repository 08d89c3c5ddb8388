#!/usr/bin/env node
// Entry point of the `joulebench` CLI: runs the TypeScript sources through tsx, so the CLI and
// the web app share one code base with no separate build step.
const path = require('node:path');
process.env.JOULEBENCH_ROOT = process.env.JOULEBENCH_ROOT || path.resolve(__dirname, '..');
require('../lib/tsx-register.cjs').registerTsx(process.env.JOULEBENCH_ROOT);
require('../cli/index.ts');
