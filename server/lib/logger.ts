import { pino, type Logger } from 'pino';

export type { Logger };

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * The server's log: one JSON line per event on stdout (journald and `docker logs` keep it), or
 * pino-pretty's coloured lines for a person at a terminal in development. `write` sends each
 * line to a function instead: tests read what would have been logged.
 */
export function createLogger(options: { level: LogLevel; pretty?: boolean; write?: (line: string) => void }): Logger {
  const base = { level: options.level, timestamp: pino.stdTimeFunctions.isoTime };
  if (options.write) {
    const write = options.write;
    return pino(base, { write: (line: string) => write(line.trimEnd()) });
  }
  if (options.pretty)
    return pino({
      ...base,
      transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' } },
    });
  // Lines gathered up to 4 kB, and written at least every second: one write for a few dozen
  // request lines under load rather than one each (each a trip to libuv's thread pool, on the
  // core the rest of the machine needs). The buffer is written out as the process exits.
  return pino(base, pino.destination({ dest: process.stdout.fd || 1, minLength: 4096, periodicFlush: 1000 }));
}

/** pino-pretty is a devDependency: absent from a production install, where JSON lines are wanted anyway. */
function prettyAvailable(): boolean {
  try {
    import.meta.resolve('pino-pretty');
    return true;
  } catch {
    return false;
  }
}

/**
 * The logger of a running server: the config's level (LOG_LEVEL overrides it), readable lines
 * when a person watches a terminal outside production (or LOG_PRETTY=1), JSON lines otherwise.
 */
export function serverLogger(level: LogLevel, env: Record<string, string | undefined> = process.env): Logger {
  const wanted =
    env.LOG_PRETTY === '1' || (env.LOG_PRETTY !== '0' && env.NODE_ENV !== 'production' && process.stdout.isTTY);
  return createLogger({ level, pretty: Boolean(wanted) && prettyAvailable() });
}

/** Nothing logged (tests that do not look at the log). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
