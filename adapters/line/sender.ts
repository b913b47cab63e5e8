// Delivers LINE outbox rows: reply while the token lasts, push otherwise, with a retry key so that a retried push
// is delivered once; LINE's errors become the outbox's outcomes.
import { createHash } from 'node:crypto';
import { HTTPFetchError, type messagingApi } from '@line/bot-sdk';
import { systemClock, type Clock } from '../../bot/clock.js';
import type { Logger } from '../../bot/log.js';
import { withShortPayloads } from '../../bot/payloads.js';
import type { Executor } from '../../db/client.js';
import type { ClaimedRow } from '../../bot/outbox.js';
import { redact } from '../../bot/redact.js';
import { withContext, type ChannelSender, type SendContext, type SendOutcome } from '../../bot/sender.js';
import { richMenuLinker } from './menus.js';
import { planCalls, single, type Call } from './plan.js';
import { render } from './render.js';

/** An outcome other than sent, before it is tied to a row. */
type Failure = SendOutcome extends infer O ? (O extends { outcome: 'sent' } ? never : Omit<O, 'id'>) : never;
const forRow = (id: number, f: Failure) => ({ id, ...f }) as SendOutcome;

/**
 * A UUID (version 5 layout) derived from the rows of a call, the same every time that call is retried. Row ids
 * alone would repeat after a database reset (and LINE would then refuse a new message as a duplicate), so the
 * recipient and the rows' creation times go in too.
 */
function retryKey(call: Pick<Call, 'rows' | 'chunk'>, kind = 'push'): string {
  const rows = call.rows.map((r) => `${r.id}@${r.createdAt.getTime()}`).join(',');
  const h = createHash('sha1').update(`jobbuddy-line-${kind}:${call.rows[0]?.chatId}:${rows}:${call.chunk}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

const lineMessage = (body: string): string => {
  try {
    return String((JSON.parse(body) as { message?: unknown }).message ?? '');
  } catch {
    return '';
  }
};

function retryAfterMs(headers: Headers): number | undefined {
  const v = headers.get('retry-after');
  if (!v) return undefined;
  const seconds = Number(v);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(v) - Date.now();
  return Number.isFinite(ms) ? Math.max(0, ms) : undefined;
}

const isInvalidReplyToken = (err: unknown) =>
  err instanceof HTTPFetchError && err.status === 400 && /reply ?token/i.test(lineMessage(err.body));

function classify(err: unknown): Failure {
  if (!(err instanceof HTTPFetchError)) {
    return { outcome: 'retry', error: redact(`network: ${err instanceof Error ? err.message : String(err)}`) };
  }
  const error = redact(`LINE ${err.status}: ${lineMessage(err.body).slice(0, 200)}`);
  if (err.status === 429) {
    const wait = retryAfterMs(err.headers);
    return { outcome: 'limited', error, ...(wait !== undefined ? { retryAfterMs: wait } : {}) };
  }
  // 401: our access token is wrong or expired, which is no fault of the message: keep it until that is fixed.
  if (err.status >= 500 || err.status === 401) return { outcome: 'retry', error };
  if (err.status === 403 || /friend|block/i.test(lineMessage(err.body))) return { outcome: 'unreachable', error };
  return { outcome: 'failed', error };
}

/** Reply tokens this process has used up, so that a retry goes straight to push (bounded; oldest forgotten). */
class UsedTokens {
  private readonly tokens = new Set<string>();
  has(token: string) {
    return this.tokens.has(token);
  }
  add(token: string) {
    this.tokens.add(token);
    if (this.tokens.size > 10_000) this.tokens.delete(this.tokens.values().next().value!);
  }
}

/** Messaging API calls per second across all workers (LINE allows more for push; this leaves headroom). */
export const LINE_PER_SECOND = 100;
/** Recipients of one multicast call (LINE's limit). */
export const LINE_MULTICAST_MAX = 500;

const MAX_POSTBACK = 300;

export function createLineSender(
  client: messagingApi.MessagingApiClient,
  log?: Logger,
  opts: { perSecond?: number; clock?: Clock; db?: Executor } = {},
): ChannelSender {
  const used = new UsedTokens();
  const linkMenu = richMenuLinker(client, log);

  /** Sends one call, each request in its send slot; null when it went through. */
  async function deliver(to: string, call: Call, pace: () => Promise<void>): Promise<Failure | null> {
    if (!call.messages.length) return null;
    if (call.replyToken) {
      await pace();
      try {
        await client.replyMessage({ replyToken: call.replyToken, messages: call.messages });
        used.add(call.replyToken);
        return null;
      } catch (err) {
        if (!isInvalidReplyToken(err)) return classify(err);
        used.add(call.replyToken);
        log?.debug({ outboxId: call.rows[0]!.id }, 'reply token no longer valid; pushing instead');
      }
    }
    await pace();
    try {
      await client.pushMessage({ to, messages: call.messages }, retryKey(call));
      return null;
    } catch (err) {
      // 409: a request with this retry key was accepted before (its answer was lost): the messages went out.
      if (err instanceof HTTPFetchError && err.status === 409) return null;
      return classify(err);
    }
  }

  /**
   * One notice to up to 500 people in one call. Its retry key is written on the rows before the call: rows claimed
   * again after a crash come back under it, and LINE answers 409 for a call it already accepted, so no one gets it
   * twice. A call LINE refused outright loses its key, and the rows go one by one.
   */
  async function multicast(rows: ClaimedRow[], ctx: SendContext): Promise<void> {
    const given = rows[0]!.meta.retryKey;
    const key = typeof given === 'string' ? given : retryKey({ rows, chunk: 0 }, 'multicast');
    const reply = opts.db ? await withShortPayloads(opts.db, rows[0]!.reply, MAX_POSTBACK) : rows[0]!.reply;
    const messages = render(reply).slice(0, 5);
    await ctx.attempt(
      rows.filter((r) => r.meta.retryKey !== key).map((r) => r.id),
      key,
    );
    await ctx.pace();
    let failure: Failure | null = null;
    try {
      await client.multicast({ to: rows.map((r) => r.chatId), messages }, key);
    } catch (err) {
      failure = err instanceof HTTPFetchError && err.status === 409 ? null : classify(err);
    }
    if (!failure) return ctx.report(...rows.map((r) => ({ id: r.id, outcome: 'sent' as const })));
    if (failure.outcome === 'limited') return ctx.report(...rows.map((r) => forRow(r.id, failure)));
    await ctx.attempt(
      rows.map((r) => r.id),
      null,
    );
    for (const row of rows) {
      if (failure.outcome === 'failed') await ctx.report(...(await sendOne(row, ctx)));
      else await ctx.report(forRow(row.id, failure));
    }
  }

  async function sendOne(row: ClaimedRow, ctx: SendContext): Promise<SendOutcome[]> {
    const failure = await deliver(row.chatId, single(row), ctx.pace);
    return [failure ? forRow(row.id, failure) : { id: row.id, outcome: 'sent' }];
  }

  return {
    channel: 'line',
    perSecond: opts.perSecond ?? LINE_PER_SECOND,
    multicast: { max: LINE_MULTICAST_MAX, send: multicast },
    async send(claimed: ClaimedRow[], given): Promise<SendOutcome[]> {
      const ctx = withContext(given);
      // Postback data is at most 300 characters: longer payloads go as keys to the stored ones.
      const { db } = opts;
      const rows = db
        ? await Promise.all(
            claimed.map(async (r) => ({ ...r, reply: await withShortPayloads(db, r.reply, MAX_POSTBACK) })),
          )
        : claimed;
      await linkMenu(rows[0]!.chatId, rows.at(-1)!.meta.locale);
      const sent = (row: ClaimedRow) => ({ id: row.id, outcome: 'sent' as const });
      for (const call of planCalls(rows, (opts.clock ?? systemClock).now(), used)) {
        const to = call.rows[0]!.chatId;
        const failure = await deliver(to, call, ctx.pace);
        // Every row the call carried is recorded the moment it returns; a part of a big row as progress.
        if (!failure) {
          await (call.last ? ctx.report(...call.rows.map(sent)) : ctx.progress(call.rows[0]!.id, call.chunk + 1));
          continue;
        }
        if (failure.outcome === 'failed' && call.rows.length > 1) {
          for (const row of call.rows) {
            const alone = await deliver(to, single(row), ctx.pace);
            await ctx.report(alone ? forRow(row.id, alone) : sent(row));
            if (alone) return ctx.outcomes;
          }
          continue;
        }
        await ctx.report(forRow(call.rows[0]!.id, failure));
        return ctx.outcomes; // the rest of the chat waits, so its order holds
      }
      return ctx.outcomes;
    },
  };
}
