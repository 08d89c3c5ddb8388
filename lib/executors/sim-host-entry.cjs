#!/usr/bin/env node
// Entry of the simulated GPU host (see sim-host.ts), run through tsx like bin/joulebench.js.
const path = require('node:path');
const root = path.resolve(__dirname, '..', '..');
process.env.JOULEBENCH_ROOT = process.env.JOULEBENCH_ROOT || root;
require('../tsx-register.cjs').registerTsx(root);
require('./sim-host.ts');
