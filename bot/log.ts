// Structured logs. Tokens, signatures, message texts and query parameters never reach them.
// JSON lines for machines; in a terminal the same records are printed readably (pino-pretty), redacted the same way.
import pino from 'pino';
import pretty from 'pino-pretty';

// A failed query's message quotes its parameters (user ids, message texts): keep only the database's own words.
export function safeError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: String(err) };
  if ('query' in err && 'params' in err) {
    // drizzle's query error
    const cause = err.cause as (Error & { code?: string }) | undefined;
    return { type: 'QueryError', message: `query failed: ${cause?.message ?? 'unknown reason'}`, code: cause?.code };
  }
  return { type: err.name, message: err.message, code: (err as Error & { code?: string }).code, stack: err.stack };
}

/** An error's message as it may be stored or logged. */
export const errorText = (err: unknown) => String(safeError(err).message).slice(0, 300);

const REDACT = [
  'token',
  '*.token',
  'text',
  '*.text',
  'phone',
  '*.phone',
  'headers.authorization',
  'headers["x-telegram-bot-api-secret-token"]',
  'headers["x-line-signature"]',
];

/** Readable lines for a person at a terminal; synchronous, so a line logged just before exit is not lost. */
const prettyStream = (destination?: pino.DestinationStream) =>
  pretty({
    colorize: !destination,
    translateTime: 'SYS:HH:MM:ss',
    sync: true,
    ...(destination ? { destination } : {}),
  });

/**
 * A logger writing JSON lines to `destination`, or to stdout: JSON when stdout is a pipe or a file (a log
 * collector), readable lines when it is a terminal. `pretty` forces either.
 */
export function createLogger(
  level = process.env.LOG_LEVEL ?? 'info',
  destination?: pino.DestinationStream,
  { pretty: readable = !destination && Boolean(process.stdout.isTTY) && level !== 'silent' }: { pretty?: boolean } = {},
) {
  return pino(
    {
      level,
      base: undefined,
      serializers: { err: safeError },
      redact: { paths: REDACT, censor: '[redacted]' },
    },
    readable ? prettyStream(destination) : destination,
  );
}

export type { Logger } from 'pino';
