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

/**
 * The calls for one chat's rows, in order; skipTokens are reply tokens this process already used up. Rows answering
 * one event share its reply token; rows that must be pushed share a call when they were written in one transaction
 * (the same creation time), up to 5 messages, to spare the monthly push quota. Either set is fixed once written, so
 * a retried call carries the same rows and keeps its retry key.
 */
export function planCalls(rows: ClaimedRow[], now: number, skipTokens: { has(token: string): boolean }): Call[] {
  const usableToken = (r: ClaimedRow) => {
    const token = tokenOf(r.meta);
    return token && replyable(r.meta, now) && !skipTokens.has(token) && !r.partsSent ? token : undefined;
  };
  const keyOf = (r: ClaimedRow) => usableToken(r) ?? `push@${r.createdAt.getTime()}`;
  const calls: Call[] = [];
  for (let i = 0; i < rows.length; ) {
    const key = keyOf(rows[i]!);
    let j = i + 1;
    while (j < rows.length && keyOf(rows[j]!) === key) j++;
    const group = pack(rows.slice(i, j));
    const token = usableToken(rows[i]!);
    // A first part already sent used the token up.
    if (token && group[0]?.chunk === 0) group[0].replyToken = token;
    calls.push(...group);
    i = j;
  }
  return calls;
}

/** A row of a shared call (so at most 5 messages) on its own: when LINE refuses a shared call, each row is tried alone. */
export const single = (row: ClaimedRow): Call => ({ rows: [row], messages: render(row.reply), chunk: 0, last: true });
