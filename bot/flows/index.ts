// The router: decides which flow handles an event. Commands and buttons work from anywhere.
import { commandOf, type Command } from '../commands.js';
import type { FlowContext, FlowResult } from '../flow.js';
import { languagePicker } from './common.js';
import * as language from './language.js';
import * as menu from './menu.js';
import * as onboarding from './onboarding.js';
import * as privacy from './privacy.js';
import * as profile from './profile.js';

type Step = FlowResult | Promise<FlowResult>;

const commands: Record<Command, (ctx: FlowContext, args: string) => Step> = {
  start: onboarding.start,
  help: menu.help,
  menu: (ctx) => (ctx.user.consent === 'given' ? menu.show(ctx) : onboarding.handle(ctx)),
  language: (ctx) => ({ conv: ctx.conv, replies: [languagePicker(ctx.t, ctx.user.locale)] }),
  stop: privacy.stop,
  delete: privacy.confirmDelete,
};

// Button payloads are "<flow>:<value>"; these flows accept their buttons whatever the conversation was doing.
const actions: Record<string, (ctx: FlowContext, value: string) => Step> = {
  lang: onboarding.chooseLanguage,
  consent: onboarding.handle,
  delete: privacy.handle,
  menu: menu.handle,
  profile: profile.handle,
};
const NEEDS_CONSENT = new Set(['menu', 'profile']);

export async function route(ctx: FlowContext): Promise<FlowResult> {
  const { event } = ctx;
  if (event.body.type === 'unfollow') return privacy.unfollow(ctx);
  if (event.body.type === 'follow' || ctx.isNew) {
    return language.firstContact(ctx, (c) => onboarding.start(c, commandOf(event)?.args ?? ''));
  }
  return language.follow(ctx, await dispatch(ctx));
}

async function dispatch(ctx: FlowContext): Promise<FlowResult> {
  const { event, user, conv } = ctx;
  const command = commandOf(event);
  if (command) return commands[command.name](ctx, command.args);

  if (event.body.type === 'action') {
    const [prefix = '', value = ''] = event.body.action.split(/:(.*)/s);
    const handler = actions[prefix];
    if (handler && !(NEEDS_CONSENT.has(prefix) && user.consent !== 'given')) return handler(ctx, value);
  }
  if (user.consent !== 'given') return onboarding.handle(ctx);
  if (conv.flow === 'profile') return profile.handle(ctx);
  if (conv.flow === 'privacy') return privacy.handle(ctx);
  return menu.handle(ctx);
}
