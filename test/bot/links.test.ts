// Links come from imported data; only http(s), tel and mailto ever reach a person, on every channel.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSafeUrl, withSafeLinks } from '../../bot/links.js';
import { fairs } from '../../db/schema.js';
import { postChat, startTestBot, type TestBot } from '../support/bot.js';

describe('link buttons', () => {
  it('accept only https:, http:, tel: and mailto:', () => {
    for (const ok of [
      'https://example.org/fair',
      'http://example.org',
      'tel:+886223456789',
      'mailto:desk@union.example',
    ])
      expect(isSafeUrl(ok), ok).toBe(true);
    for (const bad of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'data:text/html,<script>1</script>',
      'vbscript:x',
      'file:///etc/passwd',
      '//evil.example',
      'not a url',
      '',
    ]) {
      expect(isSafeUrl(bad), bad).toBe(false);
    }
    expect(withSafeLinks({ type: 'link', text: 'Open', label: 'Go', url: 'javascript:alert(1)' })).toEqual({
      type: 'text',
      text: 'Open',
    });
  });

  describe('through the web chat', () => {
    let t: TestBot;
    beforeAll(async () => {
      t = await startTestBot('pglite');
    });
    afterAll(async () => {
      await t?.close();
    });

    it('a fair imported with a javascript: url shows no link button; a safe one does', async () => {
      const soon = (h: number) => new Date(Date.now() + h * 3_600_000);
      await t.bot.database.db.insert(fairs).values([
        {
          externalId: 'f-evil',
          title: 'Evil fair',
          kind: 'online',
          startsAt: soon(24),
          endsAt: soon(26),
          url: 'javascript:alert(document.cookie)',
        },
        {
          externalId: 'f-good',
          title: 'Good fair',
          kind: 'online',
          startsAt: soon(25),
          endsAt: soon(27),
          url: 'https://fair.example.org/',
        },
      ]);
      await postChat(t.url, { user: 'linker', text: '/start', locale: 'en' });
      await postChat(t.url, { user: 'linker', action: 'lang:en' });
      await postChat(t.url, { user: 'linker', action: 'consent:yes' });
      const listed = await postChat(t.url, { user: 'linker', action: 'menu:fairs' });
      const titles = listed.messages.flatMap((m) => (m.cards ?? []) as { title: string }[]).map((c) => c.title);
      expect(titles).toEqual(expect.arrayContaining(['Evil fair', 'Good fair']));
      const urls = async (externalId: string) =>
        (await postChat(t.url, { user: 'linker', action: `fairs:show:${externalId}` })).messages
          .flatMap((m) => [
            ...(m.buttons ?? []),
            ...((m.cards ?? []) as { buttons: { url?: string }[] }[]).flatMap((c) => c.buttons),
          ])
          .flatMap((b) => (b.url ? [b.url] : []));
      expect(await urls('f-evil')).toEqual([]);
      expect(await urls('f-good')).toEqual(['https://fair.example.org/']);
    });
  });
});
