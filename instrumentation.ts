/** Runs once when the Next server starts: open the database (migrations + first-start demo seed). */
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { getDb } = await import('./db/client');
    getDb();
  }
}
