// Environment → typed settings. Secrets come only from here and are never logged.
import { z } from 'zod';

const optional = z.string().trim().min(1).optional().catch(undefined);

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: optional,
  DATA_DIR: z.string().default('./data'),
  TELEGRAM_BOT_TOKEN: optional,
  TELEGRAM_WEBHOOK_SECRET: optional,
  TELEGRAM_API_ROOT: z.string().url().default('https://api.telegram.org'),
  LINE_CHANNEL_SECRET: optional,
  LINE_CHANNEL_ACCESS_TOKEN: optional,
  LINE_API_BASE_URL: z.string().url().default('https://api.line.me'),
  ADMIN_TOKEN: optional,
  // Where people reach this bot's web chat from outside (https://jobs.example.org): shared job links use it.
  PUBLIC_URL: z
    .string()
    .url()
    .transform((s) => s.replace(/\/+$/, ''))
    .optional()
    .catch(undefined),
  // Messages per second across all worker processes; the platforms' own limits when unset.
  TELEGRAM_SEND_RATE: z.coerce.number().positive().optional().catch(undefined),
  LINE_SEND_RATE: z.coerce.number().positive().optional().catch(undefined),
  WEB_SESSION_SECRET: optional, // signs web chat identities; unset: a generated secret kept in app_meta
  SEED: optional,
  // web: HTTP (web chat, webhooks, /healthz); worker: inbox handling, outbox sending, Telegram long polling.
  ROLES: z
    .string()
    .default('web,worker')
    .transform((s, ctx) => {
      const roles = s
        .split(',')
        .map((r) => r.trim())
        .filter(Boolean);
      const bad = roles.filter((r) => r !== 'web' && r !== 'worker');
      if (bad.length || !roles.length)
        ctx.addIssue({ code: 'custom', message: `expected web and/or worker, got "${s}"` });
      return new Set(roles as ('web' | 'worker')[]);
    }),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = z.infer<typeof schema> & { seed: 'demo' | 'none' };

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid environment: ${where}`);
  }
  const c = parsed.data;
  const seed = (c.SEED ?? (c.DATABASE_URL ? 'none' : 'demo')) === 'demo' ? 'demo' : 'none';
  return { ...c, seed };
}
