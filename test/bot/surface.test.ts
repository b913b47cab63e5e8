// Channels that show fewer buttons (WhatsApp: 3, WeChat: none) get numbered choices the person answers by typing.
import { describe, expect, it } from 'vitest';
import { idle, type Conversation } from '../../bot/flow.js';
import { route } from '../../bot/flows/index.js';
import { tFor } from '../../bot/i18n.js';
import { fit, type Surface } from '../../bot/surface.js';
import type { EventBody, Reply } from '../../bot/types.js';
import { flowContext, profile } from '../support/flow-context.js';

const NONE: Surface = { maxButtons: 0, maxLabel: 20, cards: false, requests: [] };
const say = (body: EventBody, conv: Conversation = idle, surface: Surface = NONE) =>
  route(flowContext(body, profile(), conv, { surface }));
const textOf = (r: Reply[]) => r.map((x) => ('text' in x ? x.text : '')).join('\n');

describe('numbered choices', () => {
  it('numbers the buttons a channel cannot show, across the replies, and says how to answer', () => {
    const { replies, numbered } = fit(
      [
        {
          type: 'text',
          text: 'Pick',
          buttons: [
            { label: 'One', action: 'a:1' },
            { label: 'Site', url: 'https://example.org' },
            { label: 'Two', action: 'a:2' },
          ],
        },
      ],
      { ...NONE, maxButtons: 1 },
      tFor('en'),
    );
    expect(numbered).toBe(true);
    expect(replies).toEqual([
      {
        type: 'text',
        text: `Pick\n1. One\n2. Two\n${tFor('en')('choices.typeNumber')}`,
        buttons: [{ label: 'Site', url: 'https://example.org' }],
      },
    ]);
    const roomy = [{ type: 'text' as const, text: 'Pick', buttons: [{ label: 'One', action: 'a:1' }] }];
    expect(fit(roomy, { ...NONE, maxButtons: 3 }, tFor('en'))).toEqual({ replies: roomy, numbered: false });
  });

  it('on a channel without buttons, the main menu is a numbered list and "2" opens the second entry', async () => {
    const menu = await say({ type: 'text', text: 'menu' });
    expect(textOf(menu.replies)).toMatch(/1\. 🔎 Find jobs\n2\. 📅 Job fairs\n3\. ⚖️ Legal help/);
    expect(menu.replies.every((r) => r.type !== 'text' || !r.buttons)).toBe(true);
    const second = await say({ type: 'text', text: '2' }, menu.conv);
    expect(second.replies[0]).toMatchObject({ type: 'cards', text: tFor('en')('fairs.upcoming') });
  });

  it('digits are a choice only where numbers were shown: on a full channel "2" is just text', async () => {
    const menu = await say({ type: 'text', text: 'menu' }, idle, { ...NONE, maxButtons: Infinity });
    const two = await say({ type: 'text', text: '2' }, menu.conv, { ...NONE, maxButtons: Infinity });
    expect(textOf(two.replies)).toContain(tFor('en')('fallback'));
  });
});
