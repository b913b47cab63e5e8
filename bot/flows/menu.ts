// The main menu and what hangs off it directly.
import { menuItemOf, MENU_ITEMS, type MenuItem } from '../commands.js';
import { idle, type FlowContext, type FlowResult } from '../flow.js';
import { backToMenu, mainMenu, text } from './common.js';
import { latestJobs, upcomingFairs } from './listings.js';
import * as profile from './profile.js';

export const show = (ctx: FlowContext): FlowResult => ({ conv: idle, replies: [mainMenu(ctx.t)] });

export const help = (ctx: FlowContext): FlowResult => ({
  conv: ctx.conv,
  replies: [text(ctx.t('help.text'), ctx.user.consent === 'given' ? backToMenu(ctx.t) : undefined)],
});

/** A main-menu item, pressed (`menu:jobs`) or typed in any language ("việc làm", "หางาน", "trabaho"). */
export function open(ctx: FlowContext, item: MenuItem): FlowResult | Promise<FlowResult> {
  const { t } = ctx;
  if (item === 'jobs') return latestJobs(ctx);
  if (item === 'fairs') return upcomingFairs(ctx);
  if (item === 'legal') return { conv: idle, replies: [text(t('soon.legal'), backToMenu(t))] };
  return profile.show(ctx);
}

export function handle(ctx: FlowContext): FlowResult | Promise<FlowResult> {
  const { t, event } = ctx;
  const b = event.body;
  const item = b.type === 'action' ? b.action.split(':')[1] : menuItemOf(event);
  if (item && (MENU_ITEMS as readonly string[]).includes(item)) return open(ctx, item as MenuItem);
  if (b.type === 'location') {
    return { user: { lat: b.lat, lon: b.lon }, conv: idle, replies: [text(t('profile.locationSaved')), mainMenu(t)] };
  }
  if (b.type === 'contact') return profile.handle({ ...ctx, conv: { flow: 'profile', step: 'phone', data: {} } });
  return { conv: idle, replies: [text(t('fallback')), mainMenu(t)] };
}
