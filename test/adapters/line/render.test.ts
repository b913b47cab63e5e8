// Replies as LINE messages: LINE's limits hold for any reply the flows may produce.
import { describe, expect, it } from 'vitest';
import { label, render, splitText } from '../../../adapters/line/render.js';
import type { Card } from '../../../bot/types.js';

const card = (i: number): Card => ({
  title: `Job ${i}`,
  lines: [`City ${i}`, ''],
  buttons: [
    { label: 'Details', action: `job:${i}` },
    { label: 'Apply online', url: `https://example.org/${i}` },
  ],
});

describe('LINE rendering', () => {
  it('splits a 12,000-character text into messages of at most 5,000, losing nothing, buttons on the last', () => {
    const text = Array.from({ length: 2000 }, (_, i) => `word${i % 10}`).join(' ') + '😀'.repeat(100);
    const msgs = render({ type: 'text', text, buttons: [{ label: 'OK', action: 'x:1' }] }) as {
      text: string;
      quickReply?: unknown;
    }[];
    expect(msgs.length).toBe(Math.ceil(text.length / 5000));
    for (const m of msgs) expect(m.text.length).toBeLessThanOrEqual(5000);
    expect(
      msgs
        .map((m) => m.text)
        .join(' ')
        .replace(/\s+/g, ' '),
    ).toBe(text);
    expect(msgs.slice(0, -1).every((m) => !m.quickReply)).toBe(true);
    expect(msgs.at(-1)!.quickReply).toBeDefined();
    // An emoji at the cut is never torn in half.
    expect(splitText(`${'a'.repeat(4999)}😀${'b'.repeat(10)}`).map((p) => p.length)).toEqual([4999, 12]);
  });

  it('keeps at most 13 quick replies with labels of at most 20 characters, and leaves out what LINE cannot do', () => {
    const buttons = [
      { label: '📍 Bagikan lokasi saya', request: 'location' as const },
      { label: '📱 Share my number', request: 'contact' as const },
      ...Array.from({ length: 20 }, (_, i) => ({ label: `Option number ${i} with a long name`, action: `opt:${i}` })),
    ];
    const [msg] = render({ type: 'text', text: 'Pick one', buttons }) as {
      quickReply: { items: { action: Record<string, string> }[] };
    }[];
    const items = msg!.quickReply.items;
    expect(items).toHaveLength(13);
    expect(items[0]!.action).toEqual({ type: 'location', label: 'Bagikan lokasi saya' });
    expect(items.some((i) => /number/.test(i.action.label!) && i.action.type !== 'postback')).toBe(false);
    for (const i of items) expect(i.action.label!.length).toBeLessThanOrEqual(20);
    expect(items[1]!.action).toEqual({
      type: 'postback',
      label: 'Option number 0 wit…',
      data: 'opt:0',
      displayText: 'Option number 0 with a long name',
    });
    expect(label('⚖️ 法律協助')).toBe('⚖️ 法律協助');
    expect(label('🗑️ Yes, delete everything')).toBe('Yes, delete everyth…');
  });

  it("leaves out a postback whose payload would not fit in LINE's 300 characters", () => {
    const [msg] = render({
      type: 'text',
      text: 'x',
      buttons: [
        { label: 'Long', action: `a:${'x'.repeat(400)}` },
        { label: 'Short', action: 'a:1' },
      ],
    }) as { quickReply: { items: { action: { label: string } }[] } }[];
    expect(msg!.quickReply.items.map((i) => i.action.label)).toEqual(['Short']);
  });

  it('puts cards in Flex carousels of at most 12 bubbles, alt text at most 400 characters', () => {
    const msgs = render({
      type: 'cards',
      text: 'J'.repeat(1000),
      cards: Array.from({ length: 30 }, (_, i) => card(i)),
    }) as any[];
    expect(msgs.map((m) => m.type)).toEqual(['text', 'flex', 'flex', 'flex']);
    expect(msgs.slice(1).map((m) => m.contents.contents.length)).toEqual([12, 12, 6]);
    for (const m of msgs.slice(1)) expect(m.altText.length).toBeLessThanOrEqual(400);
    const bubble = msgs[1].contents.contents[0];
    expect(bubble.body.contents.map((c: { text: string }) => c.text)).toEqual(['Job 0', 'City 0']);
    expect(bubble.footer.contents.map((c: { action: unknown }) => c.action)).toEqual([
      { type: 'postback', label: 'Details', data: 'job:0', displayText: 'Details' },
      { type: 'uri', label: 'Apply online', uri: 'https://example.org/0' },
    ]);
  });

  it('sends locations, links and files in shapes LINE accepts', () => {
    const [loc] = render({
      type: 'location',
      title: 'Taipei Main Station Job Fair Hall B '.repeat(5),
      lat: 25.0478,
      lon: 121.517,
    }) as any[];
    expect(loc).toMatchObject({ type: 'location', latitude: 25.0478, longitude: 121.517 });
    expect(loc.title.length).toBeLessThanOrEqual(100);
    expect(loc.address.length).toBeGreaterThan(0); // LINE requires an address
    const [link] = render({
      type: 'link',
      text: 'Register for the fair',
      label: 'Register',
      url: 'https://example.org/fair',
    }) as any[];
    expect(link.type).toBe('flex');
    expect(link.contents.footer.contents[0].action).toEqual({
      type: 'uri',
      label: 'Register',
      uri: 'https://example.org/fair',
    });
    expect(
      render({
        type: 'file',
        name: 'fair.ics',
        mime: 'text/calendar',
        content: 'BEGIN:VCALENDAR',
        caption: 'Add it to your calendar',
      }),
    ).toEqual([{ type: 'text', text: 'Add it to your calendar' }]);
  });
});
