// Start-up: prove the configuration before the server takes requests, so a bad setting stops the process with one
// clear line instead of failing on the first page view. Background work (ingestion) starts here too.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { startServer } = await import('./lib/server-start');
  await startServer();
}
