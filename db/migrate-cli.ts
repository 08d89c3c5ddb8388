/**
 * `npm run db:migrate`: applies the committed migrations (db/migrations) to JOULEBENCH_DB (default
 * ./data/joulebench.db) and exits. The app also migrates on open; this is for doing it ahead of a
 * deploy. It does not load the demo study.
 */
import { dbPath, migrationsFolder, openDb } from './client';

const file = dbPath();
const db = openDb(file);
const applied = db.$client.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number };
db.$client.close();
console.log(`${file}: ${applied.n} migrations applied (from ${migrationsFolder()})`);
