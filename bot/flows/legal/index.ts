// Legal help: for now, where to turn, and a counselor (bot/flows/cases). Cited answers and calculators come with
// their own issue.
import { idle, type Capability } from '../../flow.js';
import { backToMenu, text } from '../common.js';

export const legal: Capability = {
  name: 'legal',
  menu: { order: 3, label: 'menu.legal', words: 'commands.legal', tile: true },
  open: (ctx) => ({
    conv: idle,
    replies: [
      text(ctx.t('legal.whereToTurn'), [{ label: ctx.t('cases.ask'), action: 'cases:open' }, ...backToMenu(ctx.t)]),
    ],
  }),
};
