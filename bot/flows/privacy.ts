// "stop" (no more alerts), unfollow, and "delete my data" with a confirmation.
import { idle, type FlowContext, type FlowResult } from '../flow.js';
import { mainMenu, text } from './common.js';

export const stop = (ctx: FlowContext): FlowResult => ({
  conv: ctx.conv,
  replies: [text(ctx.t('stop.done'))],
  effects: ['unsubscribe_all'],
});

/** The user blocked or unfollowed the bot: nothing can be sent, alerts end. */
export const unfollow = (ctx: FlowContext): FlowResult => ({ conv: ctx.conv, replies: [], effects: ['unsubscribe_all'] });

export const confirmDelete = (ctx: FlowContext): FlowResult => ({
  conv: { flow: 'privacy', step: 'confirm', data: {} },
  replies: [text(ctx.t('privacy.confirm'), [
    { label: ctx.t('privacy.yes'), action: 'delete:yes' },
    { label: ctx.t('privacy.no'), action: 'delete:no' },
  ])],
});

export function handle(ctx: FlowContext): FlowResult {
  const { t, event } = ctx;
  const action = event.body.type === 'action' ? event.body.action : '';
  if (action === 'delete:yes') return { conv: idle, replies: [text(t('privacy.deleted'))], effects: ['delete_user'] };
  if (action === 'delete:no') {
    return { conv: idle, replies: [text(t('privacy.kept')), ...(ctx.user.consent === 'given' ? [mainMenu(t)] : [])] };
  }
  return confirmDelete(ctx);
}
