/**
 * Runs once when the Next server starts: open the database (migrations + first-start demo seed),
 * and on a large one start the thread that reads run columns off the event loop.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { getDb } = await import('./db/client');
    const { startColumnsThreadIfLarge } = await import('./db/queries/run-columns-thread');
    // Not fatal: a failure here (say, the disk is full) is logged and every request that needs
    // the database retries opening it and answers with the error, instead of a server that
    // never becomes ready.
    try {
      startColumnsThreadIfLarge(getDb());
    } catch (e) {
      console.error('joulebench: could not open the database at start:', e);
    }
  }
}
