// Registers tsx for the plain CommonJS entry points (bin/joulebench.js, the worker threads, the
// point runner, the simulated GPU host), so they can load the TypeScript sources of this checkout.
//
// tsx takes the tsconfig (and with it the `@/` path aliases) from TSX_TSCONFIG_PATH, or else from
// the current directory; `register()` has no option for it (an object passed to it is ignored).
// Without this, `joulebench` run from any other directory failed on its first `@/` import.
const path = require('node:path');

/** @param {string} root the checkout's root (where tsconfig.json is) */
function registerTsx(root) {
  process.env.TSX_TSCONFIG_PATH = path.join(root, 'tsconfig.json');
  return require('tsx/cjs/api').register();
}

module.exports = { registerTsx };
