// "stop" (no more alerts), unfollow, and "delete my data" with a confirmation that counts only for its question.
import { inArray } from 'drizzle-orm';
import { z } from 'zod';
import { savedSearches, subscriptions } from '../../../db/schema.js';
import { DELETE_USER, idle, type Capability, type CapabilityContext, type FlowResult } from '../../flow.js';
import { text } from '../common.js';

const UNSUBSCRIBE = { type: 'unsubscribe_all' };

export const stop = (ctx: CapabilityContext): FlowResult => ({
  conv: ctx.conv,
  replies: [text(ctx.t('stop.done'))],
  effects: [UNSUBSCRIBE],
});

/** The user blocked or unfollowed the bot: nothing can be sent, alerts end. */
export const unfollow = (ctx: CapabilityContext): FlowResult => ({
  conv: ctx.conv,
  replies: [],
  effects: [UNSUBSCRIBE],
});

const confirmDelete = (ctx: CapabilityContext): FlowResult => ({
  conv: { flow: 'privacy', step: 'confirm', data: {} },
  replies: [
    text(ctx.t('privacy.confirm'), [
      { label: ctx.t('privacy.yes'), action: 'delete:yes' },
      { label: ctx.t('privacy.no'), action: 'delete:no' },
    ]),
  ],
});

function answer(ctx: CapabilityContext, value: string): FlowResult {
  const { t } = ctx;
  // A "yes" erases only while its question is on screen: an old button (after a cancel) asks again.
  const asked = ctx.conv.flow === 'privacy' && ctx.conv.step === 'confirm';
  if (value === 'yes' && asked) return { conv: idle, replies: [text(t('privacy.deleted'))], effects: [DELETE_USER] };
  if (value === 'no' && asked) {
    return {
      conv: idle,
      replies: [text(t('privacy.kept')), ...(ctx.user.consent === 'given' ? [ctx.mainMenu()] : [])],
    };
  }
  if (value === 'no')
    return ctx.user.consent === 'given'
      ? { conv: idle, replies: [ctx.mainMenu()] }
      : { conv: ctx.conv, replies: [text(t('privacy.kept'))] };
  return confirmDelete(ctx);
}

export const privacy: Capability = {
  name: 'privacy',
  needsConsent: false,
  steps: ['confirm'],
  data: z.looseObject({}),
  commands: {
    stop: { words: 'commands.stop', aliases: ['unsubscribe'], describe: 'telegram.commands.stop', run: stop },
    delete: {
      words: 'commands.delete',
      slash: 'deletemydata',
      describe: 'telegram.commands.deletemydata',
      run: confirmDelete,
    },
  },
  actions: { delete: answer },
  onInput: (ctx) => confirmDelete(ctx), // anything but an answer: the question again
  effects: {
    // Alerts of every kind end: subscriptions and saved searches.
    unsubscribe_all: async (tx, userId) => {
      await tx.delete(subscriptions).where(inArray(subscriptions.userId, [userId]));
      await tx.delete(savedSearches).where(inArray(savedSearches.userId, [userId]));
    },
  },
};
