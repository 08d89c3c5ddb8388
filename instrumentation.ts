/**
 * Runs once when the Next server starts: open the database (migrations + first-start demo seed),
 * start the import thread (idle: it loads its code now rather than during the first large upload),
 * and on a large database the thread that reads run columns off the event loop.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { getDb } = await import('./db/client');
    const { startColumnsThreadIfLarge } = await import('./db/queries/run-columns-thread');
    const { startImportThread } = await import('./lib/services/import-thread');
    // Not fatal: a failure here (say, the disk is full) is logged and every request that needs
    // the database retries opening it and answers with the error, instead of a server that
    // never becomes ready.
    try {
      startColumnsThreadIfLarge(getDb());
      startImportThread(getDb());
    } catch (e) {
      console.error('joulebench: could not open the database at start:', e);
    }
  }
}
