// Preload for CLI tests (node --require): appends every PRAGMA the process sends through
// better-sqlite3 to the file in JOULEBENCH_TEST_PRAGMA_LOG, so a test can see what a spawned CLI set.
const fs = require('node:fs');
const Database = require('better-sqlite3');
const log = process.env.JOULEBENCH_TEST_PRAGMA_LOG;
const pragma = Database.prototype.pragma;
Database.prototype.pragma = function (source, options) {
  if (log) fs.appendFileSync(log, `${source}\n`);
  return pragma.call(this, source, options);
};
