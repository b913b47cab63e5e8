// One terminal conversation: typed lines become engine events; replies and pushes become printed text.
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import type { Engine } from '../../bot/engine.js';
import { matchLocale, tFor, type T } from '../../bot/i18n.js';
import { errorText } from '../../bot/log.js';
import { takePending } from '../../bot/outbox.js';
import type { EventBody, Reply } from '../../bot/types.js';
import type { Db } from '../../db/client.js';
import { users } from '../../db/schema.js';
import { renderReplies, type Pressable } from './render.js';

export interface SessionOptions {
  engine: Engine;
  db: Db;
  userId: string;
  localeHint: string;
  /** Where files the bot sends (calendar entries) are saved. */
  filesDir: string;
  print: (text: string) => void;
}

/** "25.03, 121.56" or "25.03 121.56": what a terminal user can type instead of sharing a location. */
export function coordinates(text: string): { lat: number; lon: number } | null {
  const m = /^\s*(-?\d{1,3}(?:\.\d+)?)\s*[,\s]\s*(-?\d{1,3}(?:\.\d+)?)\s*$/.exec(text);
  if (!m) return null;
  const lat = Number(m[1]),
    lon = Number(m[2]);
  return Math.abs(lat) <= 90 && Math.abs(lon) <= 180 ? { lat, lon } : null;
}

const safeFileName = (name: string) =>
  basename(name)
    .replace(/[^\p{L}\p{N}._ -]/gu, '_')
    .replace(/^\.+/, '') || 'file';

export class ConsoleSession {
  /** The buttons of the latest message that had any: typing "2" presses the second. */
  private pressables: Pressable[] = [];
  private awaitingLocation = false;
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly o: SessionOptions) {}

  /** Handles one typed line; lines are handled strictly in the order typed, pushes in between. */
  input(line: string): Promise<void> {
    return this.serial(() => this.handleLine(line));
  }

  /** Prints what was pushed to this user (reminders, alerts) since the last check. */
  checkPushes(): Promise<void> {
    return this.serial(async () => {
      const pushed = await takePending(this.o.db, 'console', this.o.userId);
      if (pushed.length) await this.show(pushed, false);
    });
  }

  /** Resolves once everything typed or polled so far has been handled. */
  idle(): Promise<void> {
    return this.queue;
  }

  async known(): Promise<boolean> {
    return (await this.storedLocale()) !== undefined;
  }

  /** The user's own language once they have one, else the terminal's. */
  async t(): Promise<T> {
    return tFor((await this.storedLocale()) ?? matchLocale(this.o.localeHint));
  }

  private async storedLocale(): Promise<string | undefined> {
    const [row] = await this.o.db
      .select({ locale: users.locale })
      .from(users)
      .where(and(eq(users.channel, 'console'), eq(users.platformUserId, this.o.userId)));
    return row?.locale;
  }

  private serial(task: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(task).catch(async (err: unknown) => {
      process.stderr.write(`console: ${errorText(err)}\n`);
      this.o.print((await this.t().catch(() => tFor('en')))('error'));
    });
    return this.queue;
  }

  private async handleLine(line: string): Promise<void> {
    const text = line.trim();
    if (!text) return;
    const body = await this.bodyFor(text);
    if (!body) return;
    const { replies } = await this.o.engine.handle({
      channel: 'console',
      eventId: randomUUID(),
      userId: this.o.userId,
      chatId: this.o.userId,
      localeHint: this.o.localeHint,
      body,
    });
    await this.show(replies, true);
  }

  private async bodyFor(text: string): Promise<EventBody | null> {
    const pressed = /^\d{1,2}$/.test(text) ? this.pressables[Number(text) - 1] : undefined;
    const awaitingLocation = this.awaitingLocation;
    this.awaitingLocation = false;
    if (pressed && 'action' in pressed) return { type: 'action', action: pressed.action };
    if (pressed) {
      // A terminal can't share a location or contact card: ask for it typed. A typed phone number is plain text
      // to the flows; typed coordinates become the location the button would have shared.
      this.awaitingLocation = pressed.request === 'location';
      this.o.print((await this.t())(pressed.request === 'location' ? 'console.askLocation' : 'console.askContact'));
      return null;
    }
    const at = awaitingLocation ? coordinates(text) : null;
    return at ? { type: 'location', ...at } : { type: 'text', text };
  }

  private async show(replies: Reply[], answer: boolean): Promise<void> {
    const t = await this.t();
    const rendered = renderReplies(replies, { t, saveFile: (file) => this.save(t, file.name, file.content) });
    // An answer replaces the live buttons; a push only when it brings its own.
    if (answer || rendered.pressables.length) this.pressables = rendered.pressables;
    if (rendered.text) this.o.print(rendered.text);
  }

  private save(t: T, name: string, content: string): string {
    mkdirSync(this.o.filesDir, { recursive: true });
    const path = join(this.o.filesDir, safeFileName(name));
    writeFileSync(path, content);
    return t('console.fileSaved', { name, path });
  }
}
