// Structured logs. Tokens, signatures and message contents are redacted wherever they might appear.
import pino from 'pino';

export const createLogger = (level = process.env.LOG_LEVEL ?? 'info') =>
  pino({
    level,
    base: undefined,
    redact: {
      paths: ['token', '*.token', 'headers.authorization', 'headers["x-telegram-bot-api-secret-token"]', 'headers["x-line-signature"]', 'text', '*.text', 'phone', '*.phone'],
      censor: '[redacted]',
    },
  });

export type { Logger } from 'pino';
