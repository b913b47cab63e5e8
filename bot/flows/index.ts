// Every capability of the bot, in menu and command order. Adding one means adding its folder and a line here; the
// router, menus, `help`, Telegram's commands and LINE's rich menu follow from its declaration.
import { counselor } from './cases/index.js';
import { fairs } from './fairs/index.js';
import { jobs } from './jobs/index.js';
import { firstContact, language, listen } from './language/index.js';
import { legal } from './legal/index.js';
import { menu } from './menu/index.js';
import { needConsent, onboarding } from './onboarding/index.js';
import { privacy, unfollow } from './privacy/index.js';
import { profile } from './profile/index.js';
import { createRegistry } from './registry.js';

// The counselor's case comes before the job search: while a case is open, a sentence is for the counselor.
export const registry = createRegistry([onboarding, language, menu, counselor, jobs, fairs, legal, profile, privacy], {
  firstContact: (ctx, args) => firstContact(ctx, args, registry.commandOf(ctx.event) !== null),
  around: async (ctx, envelope, next) => listen(ctx, envelope, registry.commandOf(ctx.event) !== null, await next()),
  consentFirst: needConsent,
  unfollow,
});

export const { route } = registry;
