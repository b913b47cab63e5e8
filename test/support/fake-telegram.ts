// A local stand-in for the Telegram Bot API that records every call, serves scripted getUpdates, and answers
// scripted errors (429 with retry_after, 403, 400, 500) shaped like the real ones in test/fixtures/telegram.
// Plus a Telegram user who posts real update shapes to the bot's webhook.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export const BOT = { id: 7000000001, username: 'job_test_bot' };
export const TOKEN = '7000000001:AAH-test-token';

export const fixture = <T = Record<string, any>>(name: string): T =>
  JSON.parse(readFileSync(new URL(`../fixtures/telegram/${name}.json`, import.meta.url), 'utf8')) as T;

export interface FakeCall {
  method: string;
  params: Record<string, any>;
  token: string;
  status: number;
  at: number;
}

export interface Answer {
  status: number;
  body: { ok: false; error_code: number; description: string; parameters?: { retry_after?: number } };
}

/** Real error bodies; retry_after is shortened so that a test waits about a second, not 14. */
export const errors = {
  tooManyRequests: (retryAfter = 1): Answer => {
    const body = fixture<Answer['body']>('api_error_429_retry_after.nutgram');
    return {
      status: 429,
      body: {
        ...body,
        description: `Too Many Requests: retry after ${retryAfter}`,
        parameters: { retry_after: retryAfter },
      },
    };
  },
  blocked: (): Answer => ({
    status: 403,
    body: { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' },
  }),
  chatNotFound: (): Answer => ({
    status: 400,
    body: fixture<Answer['body']>('api_error_400_chat_not_found.frankenstein'),
  }),
  serverError: (): Answer => ({
    status: 500,
    body: { ok: false, error_code: 500, description: 'Internal Server Error' },
  }),
};

export interface FakeTelegram {
  root: string;
  calls: FakeCall[];
  /** Answers the next `times` calls of `method` (whose params pass `when`) with `answer` instead of success. */
  fail(method: string, answer: Answer, times?: number, when?: (params: Record<string, any>) => boolean): void;
  /** Queues updates for getUpdates, which serves each once (by offset). */
  pushUpdates(...updates: object[]): void;
  /** Successful send* calls to a chat, in order. */
  sent(chatId: string | number): FakeCall[];
  close(): Promise<void>;
}

/**
 * grammY writes multipart loosely (`content-disposition:form-data;name="x";filename=a.ics`), which the strict
 * FormData parser refuses, so parts are read by hand. Files referenced as attach://<part> are put in their place.
 */
function parseMultipart(body: string, boundary: string): Record<string, any> {
  const fields: Record<string, any> = {};
  for (const part of body.split(`--${boundary}`)) {
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) continue;
    const head = part.slice(0, split);
    const value = part.slice(split + 4).replace(/\r\n$/, '');
    const name = /[;\s]name="?([^";\r\n]+)"?/i.exec(head)?.[1];
    const filename = /filename="?([^";\r\n]+)"?/i.exec(head)?.[1];
    if (name) fields[name] = filename ? { filename, content: value } : value;
  }
  for (const [k, v] of Object.entries(fields)) {
    if (typeof v === 'string' && v.startsWith('attach://')) fields[k] = fields[v.slice('attach://'.length)];
  }
  return fields;
}

async function readParams(req: IncomingMessage): Promise<Record<string, any>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const raw = Buffer.concat(chunks);
  const type = req.headers['content-type'] ?? '';
  if (type.startsWith('multipart/form-data'))
    return parseMultipart(raw.toString('utf8'), /boundary=(.+)$/.exec(type)?.[1] ?? '');
  if (!raw.length) return {};
  return JSON.parse(raw.toString('utf8')) as Record<string, any>;
}

export interface FakeTelegramOptions {
  /** The time recorded for each call (a test's fake clock); Date.now by default. */
  now?: () => number;
  /** How long every call takes to answer, like a real network round trip. */
  delayMs?: number;
  /** Telegram's limits, enforced with 429 and retry_after: sends per second overall, and one a second per chat. */
  limit?: { perSecond: number; perChatMs?: number };
}

export async function startFakeTelegram(opts: FakeTelegramOptions = {}): Promise<FakeTelegram> {
  const now = opts.now ?? Date.now;
  const calls: FakeCall[] = [];
  const scripted: { method: string; answer: Answer; when?: (params: Record<string, any>) => boolean }[] = [];
  let updates: { update_id: number }[] = [];
  const waiting = new Set<() => void>();
  let messageId = 1000;
  // The overall rate as a token bucket holding a tenth of a second's sends (a sender may be a few ms early or late,
  // never faster on average), and each chat's last send.
  const bucket = opts.limit ? tokenBucket(opts.limit.perSecond) : null;
  const lastByChat = new Map<string, number>();
  const overLimit = (limit: NonNullable<FakeTelegramOptions['limit']>, chat: string, at: number) => {
    const last = lastByChat.get(chat);
    if (last !== undefined && at - last < (limit.perChatMs ?? 1000)) return true;
    if (!bucket!.take(at)) return true;
    lastByChat.set(chat, at);
    return false;
  };

  const server = createServer(async (req, res) => {
    const m = /^\/bot([^/]+)\/(\w+)/.exec(req.url ?? '');
    const method = m?.[2] ?? '?';
    const params: Record<string, any> = await readParams(req).catch(() => ({ unparsable: true }));
    if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
    const answer = (status: number, body: object) => {
      calls.push({ method, params, token: m?.[1] ?? '', status, at: now() });
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (m?.[1] !== TOKEN) return answer(401, { ok: false, error_code: 401, description: 'Unauthorized' });
    const i = scripted.findIndex((s) => s.method === method && (!s.when || s.when(params)));
    const next = i >= 0 ? scripted.splice(i, 1)[0]!.answer : undefined;
    if (next) return answer(next.status, next.body);
    if (opts.limit && /^send/.test(method) && overLimit(opts.limit, String(params.chat_id), Date.now()))
      return answer(429, {
        ok: false,
        error_code: 429,
        description: 'Too Many Requests: retry after 1',
        parameters: { retry_after: 1 },
      });

    let result: unknown = true;
    if (method === 'getMe')
      result = {
        ...BOT,
        is_bot: true,
        first_name: 'JobBot',
        can_join_groups: true,
        can_read_all_group_messages: false,
        supports_inline_queries: false,
      };
    if (/^send/.test(method))
      result = {
        message_id: ++messageId,
        date: Math.floor(Date.now() / 1000),
        chat: { id: Number(params.chat_id), type: 'private' },
        text: params.text ?? '',
      };
    if (method === 'getUpdates') {
      const offset = Number(params.offset ?? 0);
      updates = updates.filter((u) => u.update_id >= offset);
      // Long polling: hold the request a little while when there is nothing new.
      if (!updates.length) {
        await new Promise<void>((r) => {
          const wake = () => {
            clearTimeout(timer);
            waiting.delete(wake);
            r();
          };
          const timer = setTimeout(wake, 200);
          waiting.add(wake);
        });
      }
      result = updates;
    }
    answer(200, { ok: true, result });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));

  return {
    root: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    fail(method, answer, times = 1, when) {
      scripted.push(...Array.from({ length: times }, () => ({ method, answer, ...(when ? { when } : {}) })));
    },
    pushUpdates(...more) {
      updates.push(...(more as { update_id: number }[]));
      for (const wake of [...waiting]) wake();
    },
    sent: (chatId) =>
      calls.filter((c) => /^send/.test(c.method) && c.status === 200 && String(c.params.chat_id) === String(chatId)),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** The inline and reply keyboard buttons of a recorded call. */
export function keyboardOf(
  call: FakeCall | undefined,
): { text: string; callback_data?: string; url?: string; request_location?: boolean; request_contact?: boolean }[] {
  const markup = call?.params.reply_markup;
  const m = typeof markup === 'string' ? JSON.parse(markup) : markup;
  return [...(m?.inline_keyboard ?? []), ...(m?.keyboard ?? [])].flat();
}

let nextUpdateId = 500_000_000;

/**
 * A person on Telegram, built from a real captured update (their `from`, their private chat), who sends new
 * messages and presses buttons as Telegram would post them.
 */
export function telegramUser(post: (update: object) => Promise<Response>, base: Record<string, any>) {
  const { from, chat } = base.message as { from: any; chat: any };
  const message = (fields: object) => ({
    update_id: ++nextUpdateId,
    message: { message_id: nextUpdateId % 1_000_000, date: Math.floor(Date.now() / 1000), from, chat, ...fields },
  });
  return {
    id: String(from.id),
    message,
    text: (text: string) =>
      post(
        message({
          text,
          ...(text.startsWith('/')
            ? { entities: [{ offset: 0, length: text.split(' ')[0]!.length, type: 'bot_command' }] }
            : {}),
        }),
      ),
    press: (data: string, queryId = `cq-${nextUpdateId + 1}`) => {
      const cb = fixture('callback_query.nutgram');
      return post({
        update_id: ++nextUpdateId,
        callback_query: {
          ...cb.callback_query,
          id: queryId,
          from,
          data,
          message: { ...cb.callback_query.message, chat },
        },
      });
    },
    location: (latitude: number, longitude: number) => post(message({ location: { latitude, longitude } })),
    ownContact: (phone: string) =>
      post(message({ contact: { phone_number: phone, first_name: from.first_name, user_id: from.id } })),
  };
}

/** A platform's rate limit: `perSecond` on average, with a tenth of a second's worth of burst. */
export function tokenBucket(perSecond: number) {
  const capacity = Math.max(2, perSecond / 10);
  let tokens = capacity;
  let at = Date.now();
  return {
    take(now: number): boolean {
      tokens = Math.min(capacity, tokens + ((now - at) / 1000) * perSecond);
      at = now;
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
  };
}
