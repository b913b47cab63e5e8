// Delivers outbox rows through any Telegram client (grammY or Telegraf) and turns Bot API errors into outcomes.
import type { Logger } from 'pino';
import type { ChannelSender, SendOutcome } from '../../bot/sender.js';
import type { Db } from '../../db/client.js';
import { callbackDataFor } from './payloads.js';
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

export function outcomeOf(id: number, err: unknown): SendOutcome {
  const e = (err ?? {}) as ApiErrorLike;
  const code = e.error_code ?? e.response?.error_code;
  // Library messages leave the token out; only the API's description or the network error's message is kept.
  const error = (code ? `${code}: ${e.description ?? ''}` : `network: ${e.message ?? String(err)}`).slice(0, 300);
  if (code === 429) {
    const after = e.parameters?.retry_after;
    return { id, outcome: 'retry', error, ...(typeof after === 'number' ? { retryAfterMs: after * 1000 } : {}) };
  }
  if (code === 403) return { id, outcome: 'unreachable', error }; // blocked by the user, or removed from the group
  if (code === 400) return { id, outcome: 'failed', error };
  return { id, outcome: 'retry', error }; // 5xx, network, and 401/404 (a token the operator must fix)
}

export function createTelegramSender(call: CallApi, db: Db, log?: Logger): ChannelSender {
  return {
    channel: 'telegram',
    async send(rows) {
      const outcomes: SendOutcome[] = [];
      const answered = new Set<string>();
      for (const row of rows) {
        // Stop the button's spinner once; a query that is too old to answer does not matter.
        const query = row.meta.callbackQueryId;
        if (typeof query === 'string' && !answered.has(query)) {
          answered.add(query);
          await call('answerCallbackQuery', { callback_query_id: query })
            .catch((err: unknown) => log?.debug({ outboxId: row.id, error: outcomeOf(row.id, err).outcome }, 'answerCallbackQuery failed'));
        }
        let outcome: SendOutcome;
        try {
          for (const c of await renderReply(row.reply, row.chatId, (action) => callbackDataFor(db, action))) await call(c.method, c.params);
          outcome = { id: row.id, outcome: 'sent' };
        } catch (err) {
          outcome = outcomeOf(row.id, err);
        }
        outcomes.push(outcome);
        // A refused message is dropped and the next goes on; a retry or a blocked user holds the rest, in order.
        if (outcome.outcome === 'retry' || outcome.outcome === 'unreachable') break;
      }
      return outcomes;
    },
  };
}
