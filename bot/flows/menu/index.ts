// The main menu, `help`, and what a person sends while no task is under way.
import { idle, type Capability, type CapabilityContext, type Step } from '../../flow.js';
import { backToMenu, text } from '../common.js';
import { answerPhone, zoneAt } from '../profile/index.js';

/** Idle input other than typed words: a shared location or contact is kept; anything else gets a short hint. */
function idleInput(ctx: CapabilityContext): Step {
  const { t, event } = ctx;
  const b = event.body;
  if (b.type === 'location') {
    return {
      user: { lat: b.lat, lon: b.lon, ...zoneAt(b) },
      conv: idle,
      replies: [text(t('profile.locationSaved')), ctx.mainMenu()],
    };
  }
  if (b.type === 'contact') return answerPhone(ctx);
  return { conv: ctx.conv, replies: [text(t('fallback'), backToMenu(t))] };
}

export const menu: Capability = {
  name: 'menu',
  steps: ['idle'],
  commands: {
    menu: {
      words: 'commands.menu',
      describe: 'telegram.commands.menu',
      run: (ctx) => ({ conv: idle, replies: [ctx.mainMenu()] }),
    },
    help: {
      words: 'commands.help',
      describe: 'telegram.commands.help',
      needsConsent: false,
      button: { label: 'menu.help' },
      run: (ctx) => ({ conv: ctx.conv, replies: [ctx.help()] }),
    },
  },
  onInput: idleInput,
  // A notice from the organisation running the bot (an operator's message), in whatever language they wrote it.
  onSystem: (ctx, kind, data) => ({
    conv: ctx.conv,
    replies: kind === 'notice' && typeof data.text === 'string' && data.text.trim() ? [text(data.text)] : [],
  }),
};
