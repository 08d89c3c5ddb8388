/**
 * Explorer JavaScript size (issue 11 target: <= 186 KB gzip, the ML.ENERGY leaderboard's figure),
 * from the production build: every client chunk the /explore page references (its client
 * reference manifest) plus the root main files, gzip at the default level as a server sends them;
 * polyfills (loaded only by browsers without ES modules) excluded. An upper bound of what the page
 * can load; bench/explorer-load.ts measures what Chromium actually transfers.
 *
 *   npm run build && npx tsx bench/explorer-bundle.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const ROOT = path.resolve(__dirname, '..');
const NEXT = path.join(ROOT, '.next');
const TARGET_KB = 186;

const manifest = fs.readFileSync(
  path.join(NEXT, 'server', 'app', 'explore', 'page_client-reference-manifest.js'),
  'utf8',
);
const chunks = new Set([...manifest.matchAll(/static\/chunks\/[A-Za-z0-9_.-]+\.js/g)].map((m) => m[0]));
const build = JSON.parse(fs.readFileSync(path.join(NEXT, 'build-manifest.json'), 'utf8')) as {
  rootMainFiles?: string[];
};
for (const f of build.rootMainFiles ?? []) chunks.add(f);
let raw = 0;
let gz = 0;
for (const c of chunks) {
  const b = fs.readFileSync(path.join(NEXT, c));
  raw += b.length;
  gz += zlib.gzipSync(b).length;
}
const kb = gz / 1024;
console.log(
  `explorer JS: ${chunks.size} chunks, ${(raw / 1024).toFixed(0)} KB raw, ${kb.toFixed(1)} KB gzip; target <= ${TARGET_KB} KB: ${kb <= TARGET_KB ? 'MET' : 'NOT MET'}`,
);
process.exit(kb <= TARGET_KB ? 0 : 1);
