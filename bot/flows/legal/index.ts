// Legal help: for now, where to turn. Cited answers, calculators and a counselor come with their own issue.
import { idle, type Capability } from '../../flow.js';
import { backToMenu, text } from '../common.js';

export const legal: Capability = {
  name: 'legal',
  menu: { order: 3, label: 'menu.legal', words: 'commands.legal', tile: true },
  open: (ctx) => ({ conv: idle, replies: [text(ctx.t('legal.whereToTurn'), backToMenu(ctx.t))] }),
};
