// Which outbox rows of one chat go out together, and how: LINE takes at most 5 messages per call, and a reply
// token is single-use and short-lived, so the first call of an event's replies uses it and the rest are pushed.
import type { messagingApi } from '@line/bot-sdk';
import type { ClaimedRow } from '../../bot/outbox.js';
import { render } from './render.js';

const MAX_MESSAGES_PER_CALL = 5;

export interface Call {
  rows: ClaimedRow[];
  messages: messagingApi.Message[];
  /** Index of this call among the calls of a row too big for one call; 0 otherwise. */
  chunk: number;
  /** Whether the rows are complete once this call is through (false for the first parts of a big row). */
  last: boolean;
  replyToken?: string;
}

const tokenOf = (meta: Record<string, unknown>) => (typeof meta.replyToken === 'string' ? meta.replyToken : undefined);

const replyable = (meta: Record<string, unknown>, now: number) =>
  tokenOf(meta) !== undefined && typeof meta.replyTokenExpiresAt === 'number' && meta.replyTokenExpiresAt > now;

/**
 * Whole rows are packed into calls of at most 5 messages, only rows of one event (one reply token) together:
 * that set is written in one transaction, so a retried call holds the same rows and keeps its retry key.
 */
function pack(rows: ClaimedRow[]): Call[] {
  const calls: Call[] = [];
  let open: Call | null = null;
  for (const row of rows) {
    const messages = render(row.reply);
    if (messages.length > MAX_MESSAGES_PER_CALL) {
      const parts = Math.ceil(messages.length / MAX_MESSAGES_PER_CALL);
      // Parts that went through on an earlier attempt are not sent again.
      for (let chunk = row.partsSent ?? 0; chunk < parts; chunk++) {
        const slice = messages.slice(chunk * MAX_MESSAGES_PER_CALL, (chunk + 1) * MAX_MESSAGES_PER_CALL);
        calls.push({ rows: [row], messages: slice, chunk, last: chunk === parts - 1 });
      }
      open = null;
    } else if (open && open.messages.length + messages.length <= MAX_MESSAGES_PER_CALL) {
      open.rows.push(row);
      open.messages.push(...messages);
    } else {
      open = { rows: [row], messages, chunk: 0, last: true };
      calls.push(open);
    }
  }
  return calls;
}

/** The calls for one chat's rows, in order; skipTokens are reply tokens this process already used up. */
export function planCalls(rows: ClaimedRow[], now: number, skipTokens: { has(token: string): boolean }): Call[] {
  const calls: Call[] = [];
  for (let i = 0; i < rows.length;) {
    const token = tokenOf(rows[i]!.meta);
    let j = i + 1;
    if (token) while (j < rows.length && tokenOf(rows[j]!.meta) === token) j++;
    const group = pack(rows.slice(i, j));
    // A first part already sent used the token up.
    const first = group[0];
    const usable = token && first?.chunk === 0 && replyable(rows[i]!.meta, now) && !skipTokens.has(token);
    if (usable) first.replyToken = token;
    calls.push(...group);
    i = j;
  }
  return calls;
}

/** A row of a shared call (so at most 5 messages) on its own: when LINE refuses a shared call, each row is tried alone. */
export const single = (row: ClaimedRow): Call => ({ rows: [row], messages: render(row.reply), chunk: 0, last: true });
