#!/usr/bin/env node
// Entry of the point runner (local executor child / Slurm job script): runs the TypeScript
// sources through tsx like bin/joulebench.js, independent of the current directory.
const path = require('node:path');
const root = path.resolve(__dirname, '..', '..');
process.env.JOULEBENCH_ROOT = process.env.JOULEBENCH_ROOT || root;
require('../tsx-register.cjs').registerTsx(root);
require('./point-main.ts');
