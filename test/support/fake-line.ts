// A recording test double of the LINE Messaging API: answers like LINE, records every call, and fails on cue.
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tokenBucket } from './fake-telegram.js';

export interface LineCall {
  method: string;
  path: string;
  /** Parsed JSON body (binary uploads: {}). */
  params: Record<string, any>;
  raw: Buffer;
  auth: string | undefined;
  retryKey: string | undefined;
  contentType: string | undefined;
  /** The status the double answered with. */
  status: number;
}

export interface ScriptedError {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface FakeLine {
  base: string;
  calls: LineCall[];
  /** Successful reply, push and multicast calls, in order. */
  sends(): LineCall[];
  /** The messages each successful call delivered to this user (a multicast counts for each of its recipients). */
  deliveredTo(userId: string): LineCall[];
  /** The next `times` calls whose path matches (and whose body passes `when`) answer with this error. */
  failNext(path: RegExp, error: ScriptedError, times?: number, when?: (params: Record<string, any>) => boolean): void;
  /** Holds the next call whose path matches (and whose body passes `when`) until released: a call in flight. */
  holdNext(path: RegExp, when?: (params: Record<string, any>) => boolean): { arrived: Promise<void>; release(): void };
  close(): Promise<void>;
}

/** LINE's own error bodies, for scripting. */
export const LINE_ERRORS = {
  tooManyRequests: { status: 429, body: { message: 'The API rate limit has been exceeded. Try again later.' } },
  serverError: { status: 500, body: { message: 'An error occurred in the API server' } },
  invalidReplyToken: { status: 400, body: { message: 'Invalid reply token' } },
  forbidden: { status: 403, body: { message: 'Not authorized to use this API' } },
  badRequest: {
    status: 400,
    body: {
      message: 'The request body has 1 error(s)',
      details: [{ message: 'May not be empty', property: 'messages[0].text' }],
    },
  },
} satisfies Record<string, ScriptedError>;

/** LINE's rate limit, enforced with 429: message API calls per second. */
export async function startFakeLine(opts: { limit?: { perSecond: number } } = {}): Promise<FakeLine> {
  const bucket = opts.limit ? tokenBucket(opts.limit.perSecond) : null;
  const calls: LineCall[] = [];
  const script: {
    path: RegExp;
    error: ScriptedError;
    times: number;
    when?: (params: Record<string, any>) => boolean;
  }[] = [];
  const holds: {
    path: RegExp;
    when?: ((params: Record<string, any>) => boolean) | undefined;
    arrive(): void;
    released: Promise<void>;
  }[] = [];
  const richMenus = new Map<string, Record<string, unknown>>();
  const aliases = new Map<string, string>();
  let nextId = 1;
  const acceptedKeys = new Set<string>();

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const raw = Buffer.concat(chunks);
      const path = (req.url ?? '/').split('?')[0]!;
      const contentType = req.headers['content-type'];
      let params: Record<string, any> = {};
      if (contentType?.startsWith('application/json') && raw.length) {
        try {
          params = JSON.parse(raw.toString('utf8'));
        } catch {
          params = { unparsable: raw.toString('utf8') };
        }
      }
      const held = holds.findIndex((h) => h.path.test(path) && (!h.when || h.when(params)));
      if (held >= 0) {
        const [hold] = holds.splice(held, 1);
        hold!.arrive();
        await hold!.released;
      }
      const auth = req.headers.authorization;
      const retryKey = req.headers['x-line-retry-key'] as string | undefined;
      const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        calls.push({ method: req.method ?? 'GET', path, params, raw, auth, retryKey, contentType, status });
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
      };

      const scripted = script.find((s) => s.times > 0 && s.path.test(path) && (!s.when || s.when(params)));
      if (scripted) {
        scripted.times -= 1;
        return answer(scripted.error.status, scripted.error.body ?? {}, scripted.error.headers);
      }
      if (/^\/v2\/bot\/message\/(reply|push|multicast)$/.test(path)) {
        if (bucket && !bucket.take(Date.now()))
          return answer(429, { message: 'The API rate limit has been exceeded. Try again later.' });
        const messages = Array.isArray(params.messages) ? params.messages : [];
        if (!messages.length || messages.length > 5)
          return answer(400, { message: 'Size must be between 1 and 5', property: 'messages' });
        if (path.endsWith('multicast') && (!Array.isArray(params.to) || !params.to.length || params.to.length > 500))
          return answer(400, { message: 'Size must be between 1 and 500', property: 'to' });
        // LINE accepts a retry key once: a repeat answers 409 and sends nothing.
        if (retryKey && acceptedKeys.has(retryKey))
          return answer(409, { message: 'The retry key is already accepted' });
        if (retryKey) acceptedKeys.add(retryKey);
        return answer(200, { sentMessages: messages.map(() => ({ id: String(nextId++), quoteToken: 'q' })) });
      }
      if (path.startsWith('/v2/bot/profile/'))
        return answer(200, { userId: path.split('/').pop(), displayName: 'Tester', language: 'en' });
      if (path === '/v2/bot/richmenu' && req.method === 'POST') {
        const richMenuId = `richmenu-${nextId++}`;
        richMenus.set(richMenuId, { richMenuId, ...params });
        return answer(200, { richMenuId });
      }
      if (path === '/v2/bot/richmenu/list') return answer(200, { richmenus: [...richMenus.values()] });
      if (path === '/v2/bot/richmenu/alias' && req.method === 'POST') {
        if (aliases.has(params.richMenuAliasId)) return answer(400, { message: 'conflict richmenu alias id' });
        aliases.set(params.richMenuAliasId, params.richMenuId);
        return answer(200, {});
      }
      const alias = /^\/v2\/bot\/richmenu\/alias\/([^/]+)$/.exec(path);
      if (alias && req.method === 'DELETE')
        return aliases.delete(alias[1]!) ? answer(200, {}) : answer(404, { message: 'richmenu alias not found' });
      if (alias) {
        const richMenuId = aliases.get(alias[1]!);
        return richMenuId
          ? answer(200, { richMenuAliasId: alias[1], richMenuId })
          : answer(404, { message: 'richmenu alias not found' });
      }
      const del = /^\/v2\/bot\/richmenu\/([^/]+)$/.exec(path);
      if (del && req.method === 'DELETE') {
        richMenus.delete(del[1]!);
        return answer(200, {});
      }
      return answer(200, {});
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;

  return {
    base: `http://127.0.0.1:${port}`,
    calls,
    sends: () => calls.filter((c) => c.status === 200 && /^\/v2\/bot\/message\/(reply|push|multicast)$/.test(c.path)),
    deliveredTo: (userId) =>
      calls.filter(
        (c) =>
          c.status === 200 &&
          /^\/v2\/bot\/message\/(push|multicast)$/.test(c.path) &&
          (c.params.to === userId || (Array.isArray(c.params.to) && c.params.to.includes(userId))),
      ),
    failNext: (path, error, times = 1, when) => {
      script.push({ path, error, times, ...(when ? { when } : {}) });
    },
    holdNext: (path, when) => {
      let arrive!: () => void;
      let release!: () => void;
      const arrived = new Promise<void>((r) => {
        arrive = r;
      });
      holds.push({
        path,
        when,
        arrive,
        released: new Promise<void>((r) => {
          release = r;
        }),
      });
      return { arrived, release };
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

// The platform's other side: webhook bodies shaped and signed as LINE sends them.

export const lineSignature = (secret: string, body: string | Buffer) =>
  createHmac('sha256', secret).update(body).digest('base64');

export async function postLine(
  url: string,
  secret: string | null,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const raw = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  const res = await fetch(`${url}/webhooks/line`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(secret !== null ? { 'x-line-signature': lineSignature(secret, raw) } : {}),
      ...headers,
    },
    body: typeof raw === 'string' ? raw : new Uint8Array(raw),
  });
  return { status: res.status, json: (await res.json().catch(() => null)) as { error?: string } | null };
}

let seq = 0;
/** A fresh id in LINE's formats: user ids are "U" + 32 hex digits, webhook event ids ULIDs. */
export const lineIds = () => {
  const n = `${process.pid.toString(16)}${(++seq).toString(16)}${Date.now().toString(16)}`;
  return {
    userId: `U${n.padStart(32, '0').slice(-32)}`,
    eventId: `01HT${n.toUpperCase().padStart(22, '0').slice(-22)}`,
    replyToken: `rt${n}`,
  };
};

export type LineEventKind =
  | { type: 'follow' }
  | { type: 'unfollow' }
  | { type: 'text'; text: string }
  | { type: 'postback'; data: string }
  | { type: 'location'; latitude: number; longitude: number; title?: string; address?: string };

/** One webhook event from a user in a 1:1 chat, in the shape of the current docs. */
export function lineEvent(userId: string, kind: LineEventKind): Record<string, any> {
  const { eventId, replyToken } = lineIds();
  const base = {
    mode: 'active',
    timestamp: Date.now(),
    source: { type: 'user', userId },
    webhookEventId: eventId,
    deliveryContext: { isRedelivery: false },
  };
  switch (kind.type) {
    case 'follow':
      return { ...base, type: 'follow', replyToken, follow: { isUnblocked: false } };
    case 'unfollow':
      return { ...base, type: 'unfollow' };
    case 'postback':
      return { ...base, type: 'postback', replyToken, postback: { data: kind.data } };
    case 'text':
      return {
        ...base,
        type: 'message',
        replyToken,
        message: { id: eventId.slice(-12), type: 'text', quoteToken: 'q', text: kind.text },
      };
    case 'location': {
      const { type: _t, ...loc } = kind;
      return { ...base, type: 'message', replyToken, message: { id: eventId.slice(-12), type: 'location', ...loc } };
    }
  }
}

export const webhook = (...events: Record<string, any>[]) => ({
  destination: 'Uaaaabbbbccccddddeeeeffff00000000',
  events,
});
