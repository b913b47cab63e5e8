// Delivers outbox rows through any Telegram client (grammY or Telegraf) and turns Bot API errors into outcomes.
import type { Logger } from 'pino';
import { systemClock, type Clock } from '../../bot/clock.js';
import type { ClaimedRow } from '../../bot/outbox.js';
import { redact } from '../../bot/redact.js';
import { withContext, type ChannelSender, type SendContext, type SendOutcome } from '../../bot/sender.js';
import type { Db } from '../../db/client.js';
import { payloadFor } from '../../bot/payloads.js';
import { renderReply } from './render.js';

/** One Bot API call through the operator's client; throws that client's error on failure. */
export type CallApi = (method: string, params: Record<string, unknown>) => Promise<unknown>;

// grammY's GrammyError and Telegraf's TelegramError both carry these (Telegraf also under `response`).
interface ApiErrorLike {
  error_code?: number;
  response?: { error_code?: number };
  description?: string;
  parameters?: { retry_after?: number };
  message?: string;
}

/** Bot API messages per second across all workers (Telegram's broadcast limit is about 30). */
export const TELEGRAM_PER_SECOND = 30;
const PER_CHAT_GAP_MS = 1000;

export function outcomeOf(id: number, err: unknown): SendOutcome {
  const e = (err ?? {}) as ApiErrorLike;
  const code = e.error_code ?? e.response?.error_code;
  // Only the API's description or the network error's message is kept, without tokens or phone numbers.
  const error = redact(code ? `${code}: ${e.description ?? ''}` : `network: ${e.message ?? String(err)}`).slice(0, 300);
  if (code === 429) {
    const after = e.parameters?.retry_after;
    return { id, outcome: 'limited', error, ...(typeof after === 'number' ? { retryAfterMs: after * 1000 } : {}) };
  }
  if (code === 403) return { id, outcome: 'unreachable', error }; // blocked by the user, or removed from the group
  if (code === 400) return { id, outcome: 'failed', error };
  return { id, outcome: 'retry', error }; // 5xx, network, and 401/404 (a token the operator must fix)
}

/** Telegram carries at most 64 bytes of callback_data. */
const MAX_CALLBACK_DATA = 64;

export function createTelegramSender(
  call: CallApi,
  db: Db,
  log?: Logger,
  opts: { perSecond?: number; clock?: Clock } = {},
): ChannelSender {
  const clock = opts.clock ?? systemClock;
  // Telegram asks for at most one message a second in a chat. Replies go at once (a short burst is allowed); a
  // notice (a reminder, an alert) waits for a second after this process's last call to that chat.
  const lastCall = new Map<string, number>();
  const spaced = async (row: ClaimedRow) => {
    const last = lastCall.get(row.chatId);
    if (row.meta.same && last !== undefined) await clock.sleep(last + PER_CHAT_GAP_MS - clock.now());
  };
  const called = (chatId: string) => {
    lastCall.delete(chatId);
    lastCall.set(chatId, clock.now());
    if (lastCall.size > 10_000) lastCall.delete(lastCall.keys().next().value!);
  };
  /** Sends the row's calls from the first that has not gone through yet, recording each part as it goes. */
  async function sendRow(row: ClaimedRow, ctx: SendContext): Promise<SendOutcome> {
    const calls = await renderReply(row.reply, row.chatId, (action) => payloadFor(db, action, MAX_CALLBACK_DATA));
    for (let part = row.partsSent ?? 0; part < calls.length; part++) {
      await spaced(row);
      await ctx.pace();
      try {
        await call(calls[part]!.method, calls[part]!.params);
      } catch (err) {
        return outcomeOf(row.id, err);
      } finally {
        called(row.chatId);
      }
      if (part + 1 < calls.length) await ctx.progress(row.id, part + 1);
    }
    return { id: row.id, outcome: 'sent' };
  }

  return {
    channel: 'telegram',
    perSecond: opts.perSecond ?? TELEGRAM_PER_SECOND,
    async send(rows, given) {
      const ctx = withContext(given);
      const answered = new Set<string>();
      for (const row of rows) {
        // Stop the button's spinner once; a query that is too old to answer does not matter.
        const query = row.meta.callbackQueryId;
        if (typeof query === 'string' && !answered.has(query)) {
          answered.add(query);
          await call('answerCallbackQuery', { callback_query_id: query }).catch((err: unknown) =>
            log?.debug({ outboxId: row.id, error: outcomeOf(row.id, err).outcome }, 'answerCallbackQuery failed'),
          );
        }
        const outcome = await sendRow(row, ctx);
        await ctx.report(outcome);
        // A refused message is dropped and the next goes on; anything else that is not sent holds the rest, in order.
        if (outcome.outcome !== 'sent' && outcome.outcome !== 'failed') break;
      }
      return ctx.outcomes;
    },
  };
}
