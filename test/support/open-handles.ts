/**
 * Mocha runs without `exit: true`, so a test that leaves something open (a database file, a
 * server, a timer, a cron task) keeps the process alive. Rather than hang CI, this root hook
 * waits a few seconds after the last test, then names what is still open and fails the run.
 * The timer is unref'd: it never keeps the process alive by itself.
 */
const GRACE_MS = 5000;

export const mochaHooks = {
  afterAll() {
    setTimeout(() => {
      console.error(
        `\nThe tests left resources open ${GRACE_MS / 1000} s after the last one: ` +
          `${process.getActiveResourcesInfo().join(', ')} (stdout and stderr count as TTYWrap or PipeWrap).\n` +
          'Close what the tests open (servers, database files, cron tasks, timers).',
      );
      // mocha sets the exit code from its failures in its own 'exit' listener; this one runs after it.
      process.on('exit', () => (process.exitCode = 1));
      process.exit(1);
    }, GRACE_MS).unref();
  },
};
