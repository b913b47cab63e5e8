// A person asks for a counselor: a case opens, what they write goes to it until it is closed, and the counselor's
// answers (POST /api/admin/cases/:id/reply) reach them on their own channel as system events, in order with
// everything else. Closing tells them.
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { caseMessages, cases } from '../../../db/schema.js';
import { type Capability, type CapabilityContext, type FlowResult, idle } from '../../flow.js';
import { backToMenu, text } from '../common.js';

const inCase = { flow: 'cases', step: 'open', data: {} };

async function open(ctx: CapabilityContext): Promise<FlowResult> {
  const { t } = ctx;
  if (await ctx.services.mine?.hasOpenCase())
    return { conv: inCase, replies: [text(t('cases.already'), backToMenu(t))] };
  return {
    conv: inCase,
    replies: [text(t('cases.opened'), backToMenu(t))],
    effects: [{ type: 'open_case', topic: 'general', at: ctx.now.toISOString() }],
  };
}

/** What the person writes while a case is open goes to it. */
function write(ctx: CapabilityContext): FlowResult {
  const { t } = ctx;
  const b = ctx.event.body;
  if (b.type !== 'text') return { conv: inCase, replies: [text(t('cases.onlyText'), backToMenu(t))] };
  return {
    conv: inCase,
    replies: [text(t('cases.sent'))],
    effects: [{ type: 'case_message', text: b.text, at: ctx.now.toISOString() }],
  };
}

export const counselor: Capability = {
  name: 'cases',
  steps: ['open'],
  data: z.looseObject({}),
  actions: { cases: (ctx) => open(ctx) },
  onInput: write,
  // A sentence at the main menu while a case is open is for the counselor, not a search.
  understands: async (ctx) => ((await ctx.services.mine?.hasOpenCase()) ? write(ctx) : null),
  onSystem: (ctx, kind, data) => {
    const { t } = ctx;
    if (kind === 'reply')
      return { conv: ctx.conv, replies: [text(t('cases.answer', { text: String(data.text ?? '') }))] };
    if (kind === 'close')
      return { conv: ctx.conv.flow === 'cases' ? idle : ctx.conv, replies: [text(t('cases.closed'), backToMenu(t))] };
    return { conv: ctx.conv, replies: [] };
  },
  effects: {
    open_case: async (tx, userId, e) => {
      await tx
        .insert(cases)
        .values({ userId, topic: String(e.topic), openedAt: new Date(String(e.at)) })
        .onConflictDoNothing();
    },
    case_message: async (tx, userId, e) => {
      const [open] = await tx
        .select({ id: cases.id })
        .from(cases)
        .where(and(eq(cases.userId, userId), eq(cases.status, 'open')));
      if (open)
        await tx
          .insert(caseMessages)
          .values({ caseId: open.id, author: 'user', text: String(e.text), at: new Date(String(e.at)) });
    },
  },
};
