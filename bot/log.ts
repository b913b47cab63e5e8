// Structured logs. Tokens, signatures, message texts and query parameters never reach them.
import pino from 'pino';

// A failed query's message quotes its parameters (user ids, message texts): keep only the database's own words.
export function safeError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: String(err) };
  if ('query' in err && 'params' in err) { // drizzle's query error
    const cause = err.cause as (Error & { code?: string }) | undefined;
    return { type: 'QueryError', message: `query failed: ${cause?.message ?? 'unknown reason'}`, code: cause?.code };
  }
  return { type: err.name, message: err.message, code: (err as Error & { code?: string }).code, stack: err.stack };
}

/** An error's message as it may be stored or logged. */
export const errorText = (err: unknown) => String(safeError(err).message).slice(0, 300);

export const createLogger = (level = process.env.LOG_LEVEL ?? 'info', destination?: pino.DestinationStream) =>
  pino({
    level,
    base: undefined,
    serializers: { err: safeError },
    redact: {
      paths: ['token', '*.token', 'headers.authorization', 'headers["x-telegram-bot-api-secret-token"]', 'headers["x-line-signature"]', 'text', '*.text', 'phone', '*.phone'],
      censor: '[redacted]',
    },
  }, destination);

export type { Logger } from 'pino';
