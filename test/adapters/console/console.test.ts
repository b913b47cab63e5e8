// The terminal chat as a user runs it: a child process driven through stdin, judged by what it prints.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { renderReplies } from '../../../adapters/console/render.js';
import { examplePhone } from '../../../bot/flows/profile/validate.js';
import { tFor } from '../../../bot/i18n.js';
import { enqueue } from '../../../bot/outbox.js';
import { openDatabase } from '../../../db/client.js';
import { freshPostgresUrl } from '../../support/databases.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const en = tFor('en'),
  id = tFor('id'),
  zh = tFor('zh-CN');
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'jobbuddy-console-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A user at a terminal: types lines, reads what the bot prints block by block, presses buttons by number. */
class Terminal {
  private readonly child: ChildProcessWithoutNullStreams;
  private out = '';
  private read = 0;
  private readonly exited: Promise<number | null>;

  constructor(env: Record<string, string>, command: string[] = ['npx', 'tsx', 'adapters/console/cli.ts']) {
    const base = { ...process.env };
    for (const k of ['DATABASE_URL', 'DATA_DIR', 'LANG', 'LC_ALL', 'LC_MESSAGES', 'CONSOLE_USER', 'SEED'])
      delete base[k];
    this.child = spawn(command[0]!, command.slice(1), { cwd: root, env: { ...base, ...env } });
    this.child.stdout.setEncoding('utf8').on('data', (d: string) => {
      this.out += d;
    });
    this.child.stderr.resume();
    this.exited = new Promise((resolve) => this.child.on('close', (code) => resolve(code)));
  }

  type(line: string) {
    this.child.stdin.write(`${line}\n`);
  }

  /** Waits for the next printed block containing `text` and returns everything printed up to the end of that block. */
  async until(text: string): Promise<string> {
    for (let waited = 0; waited < 40_000; waited += 25) {
      const at = this.out.indexOf(text, this.read);
      const end = at < 0 ? -1 : this.out.indexOf('\n\n', at + text.length);
      if (end >= 0) {
        const seen = this.out.slice(this.read, end);
        this.read = end + 2;
        return seen;
      }
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`never printed ${JSON.stringify(text)}; output so far:\n${this.out}`);
  }

  /** Types the number printed beside a button's label in `block`. */
  press(block: string, label: string) {
    const m = new RegExp(`\\[(\\d+)\\] ${escapeRegExp(label)}$`, 'm').exec(block);
    if (!m) throw new Error(`no button ${JSON.stringify(label)} in:\n${block}`);
    this.type(m[1]!);
  }

  /** Ctrl-D: end of input. */
  async end(): Promise<{ code: number | null; rest: string }> {
    this.child.stdin.end();
    return this.finish();
  }

  /** Ctrl-C as a terminal sends it on a pipe: SIGINT. */
  async interrupt(): Promise<{ code: number | null; rest: string }> {
    this.child.kill('SIGINT');
    return this.finish();
  }

  private async finish() {
    const code = await this.exited;
    return { code, rest: this.out.slice(this.read) };
  }
}

describe('console chat on the embedded database', () => {
  const dataDir = tempDir();
  const env = { DATA_DIR: dataDir, CONSOLE_USER: 'siti', LANG: 'en_US.UTF-8' };

  it('greets a newcomer, onboards by numbers, and collects a profile with a bad phone re-asked', async () => {
    const term = new Terminal(env);
    const intro = await term.until(en('console.intro'));
    expect(intro).toContain(join(dataDir, 'console')); // its own folder, not the server's
    const welcome = await term.until(en('onboarding.welcome'));
    term.press(welcome, 'Bahasa Indonesia');
    term.press(await term.until(id('onboarding.consent')), id('onboarding.agree'));
    await term.until(id('onboarding.done'));
    const menu = await term.until(id('menu.title'));
    expect(menu).toMatch(new RegExp(`\\[4\\] ${escapeRegExp(id('menu.profile'))}`));

    term.type('menu');
    term.press(await term.until(id('menu.title')), id('menu.profile'));
    const askCity = await term.until(id('profile.askCity'));
    term.press(askCity, id('profile.shareLocation'));
    await term.until(id('console.askLocation'));
    term.type('-7.25, 112.75');
    await term.until(id('profile.locationSaved'));
    await term.until(id('profile.askJob'));
    term.type('sopir');
    await term.until(id('profile.askPhone', { example: examplePhone('id') }));
    term.type('12ab');
    await term.until(id('profile.badPhone', { example: examplePhone('id') }));
    const reAsk = await term.until(id('profile.askPhone', { example: examplePhone('id') }));
    term.press(reAsk, id('profile.sharePhone'));
    await term.until(id('console.askContact'));
    term.type('+62 812-3456-7890');
    await term.until(id('profile.saved'));
    const summary = await term.until('+62 812 3456 7890');
    expect(summary).toContain('sopir');
    expect(summary).toMatch(new RegExp(`\\[\\d\\] ${escapeRegExp(id('profile.edit'))}`));

    const { code, rest } = await term.end();
    expect(rest).toContain(id('console.bye'));
    expect(code).toBe(0);
  });

  it('remembers the user and their language in the next session', async () => {
    const term = new Terminal(env);
    await term.until(id('console.intro')); // their language now, not the terminal's
    term.type('start');
    await term.until(id('onboarding.welcomeBack'));
    term.press(await term.until(id('menu.title')), id('menu.profile'));
    expect(await term.until(id('profile.edit'))).toContain('+62 812 3456 7890');
    const { code } = await term.end();
    expect(code).toBe(0);
  });

  it('Ctrl-C ends the session cleanly and nothing said is lost', async () => {
    // Without the tsx CLI wrapper: it relays a pipe's SIGINT to the child and SIGKILLs it if that takes over 30 ms.
    // (On a real terminal Ctrl-C reaches readline as a key, not a signal, so `npm run chat` is not affected.)
    const chat = ['node', '--import', 'tsx', 'adapters/console/cli.ts'];
    const other = { DATA_DIR: dataDir, CONSOLE_USER: 'ana', LANG: 'zh_TW.UTF-8' };
    const term = new Terminal(other, chat);
    term.press(await term.until(tFor('zh-TW')('onboarding.welcome')), 'English');
    await term.until(en('onboarding.consent'));
    const { code, rest } = await term.interrupt();
    expect(rest).toContain(en('console.bye'));
    expect(code).toBe(0);

    const again = new Terminal(other, chat);
    again.type('what jobs are there?');
    await again.until(en('onboarding.needConsent')); // still at consent, in the language picked before Ctrl-C
    expect((await again.end()).code).toBe(0);
  });
});

describe('console chat on Postgres (DATABASE_URL)', () => {
  it('chats, and prints a message pushed to the user whose buttons then answer to their numbers', async () => {
    const url = await freshPostgresUrl();
    const dataDir = tempDir();
    const term = new Terminal({ DATABASE_URL: url, DATA_DIR: dataDir, CONSOLE_USER: 'wang', LANG: 'zh_CN.UTF-8' });
    const intro = await term.until(zh('console.intro'));
    expect(intro).toContain(zh('console.database'));
    expect(intro).not.toContain(dataDir);
    const welcome = await term.until(zh('onboarding.welcome'));
    expect(welcome).toMatch(new RegExp(`\\[1\\] ${escapeRegExp(zh('language.name'))}`)); // the terminal's language first
    term.type('1');
    term.press(await term.until(zh('onboarding.consent')), zh('onboarding.agree'));
    await term.until(zh('menu.title'));

    const database = await openDatabase({ url });
    try {
      await enqueue(database.db, [
        {
          channel: 'console',
          chatId: 'wang',
          reply: {
            type: 'text',
            text: '提醒：明天上午9点春风行动招聘会',
            buttons: [{ label: '怎么用', action: 'cmd:help' }],
          },
        },
      ]);
    } finally {
      await database.close();
    }
    term.press(await term.until('提醒：明天上午9点春风行动招聘会'), '怎么用');
    await term.until(zh('help.intro'));
    expect((await term.end()).code).toBe(0);
  });
});

describe('console rendering', () => {
  it('numbers pressable buttons across a batch, and prints cards, links, maps and files readably', () => {
    const saved: string[] = [];
    const { text, pressables } = renderReplies(
      [
        {
          type: 'cards',
          text: 'Jobs near you',
          cards: [
            {
              title: 'Delivery driver',
              lines: ['Surabaya', 'IDR 5,000,000 / month'],
              buttons: [
                { label: 'Details', action: 'job:1' },
                { label: 'Apply online', url: 'https://example.org/apply' },
              ],
            },
            { title: 'Cook', lines: ['Malang'], buttons: [{ label: 'Details', action: 'job:2' }] },
          ],
        },
        { type: 'location', title: 'Grand Hall', address: 'Jl. Pemuda 1', lat: -7.26, lon: 112.75 },
        { type: 'link', text: 'Register for the fair', label: 'Register', url: 'https://example.org/fair' },
        {
          type: 'file',
          name: '../fair.ics',
          mime: 'text/calendar',
          content: 'BEGIN:VCALENDAR',
          caption: 'Add it to your calendar',
        },
        { type: 'text', text: 'Anything else?', buttons: [{ label: 'Share my number', request: 'contact' }] },
      ],
      {
        t: en,
        saveFile: (f) => {
          saved.push(f.content);
          return `saved ${f.name}`;
        },
      },
    );

    expect(text).toContain(
      '▸ Delivery driver\n    Surabaya\n    IDR 5,000,000 / month\n    [1] Details\n    🔗 Apply online: https://example.org/apply',
    );
    expect(text).toContain('▸ Cook\n    Malang\n    [2] Details');
    expect(text).toContain(
      '📍 Grand Hall\n   Jl. Pemuda 1\n   Map: https://www.openstreetmap.org/?mlat=-7.26&mlon=112.75',
    );
    expect(text).toContain('Register for the fair\n  🔗 Register: https://example.org/fair');
    expect(text).toContain('Add it to your calendar\nsaved ../fair.ics');
    expect(text).toContain('[3] Share my number');
    expect(pressables).toEqual([
      { label: 'Details', action: 'job:1' },
      { label: 'Details', action: 'job:2' },
      { label: 'Share my number', request: 'contact' },
    ]);
    expect(saved).toEqual(['BEGIN:VCALENDAR']);
  });
});
