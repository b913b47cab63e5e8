// What a new user hit when trying the bot, through the web chat's HTTP door: old buttons that still acted, typed
// words that were not understood, the whole menu as the answer to everything, a location shown as "📍".
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tFor } from '../../bot/i18n.js';
import { conversations, users } from '../../db/schema.js';
import { seedDemo } from '../../db/seed.js';
import { postChat, startTestBot, webUserId, type TestBot, type WebMsg } from '../support/bot.js';
import { BACKENDS } from '../support/databases.js';

const en = tFor('en');
const all = (msgs: WebMsg[]) => msgs.map((m) => m.text ?? '').join('\n');
const actions = (msgs: WebMsg[]) => msgs.flatMap((m) => m.buttons ?? []).flatMap((b) => (b.action ? [b.action] : []));

describe.each(BACKENDS)("a new user's conversation on %s", (backend) => {
  let t: TestBot;
  beforeAll(async () => {
    t = await startTestBot(backend);
    await seedDemo(t.bot.database.db, new Date());
  });
  afterAll(async () => {
    await t?.close();
  });
  const db = () => t.bot.database.db;
  const chat = (user: string, body: Record<string, unknown>) => postChat(t.url, { user, ...body });
  const onboard = async (user: string, locale = 'en') => {
    await chat(user, { text: '/start', locale });
    await chat(user, { action: `lang:${locale}` });
    await chat(user, { action: 'consent:yes' });
  };
  const row = async (label: string) =>
    (
      await db()
        .select()
        .from(users)
        .where(eq(users.platformUserId, await webUserId(t.url, label)))
    )[0];

  it('an old "Yes, delete everything" pressed after cancelling asks again and erases nothing', async () => {
    await onboard('second-thoughts');
    await chat('second-thoughts', { text: 'delete my data' });
    expect(all((await chat('second-thoughts', { action: 'delete:no' })).messages)).toContain(en('privacy.kept'));
    const old = await chat('second-thoughts', { action: 'delete:yes' });
    expect(all(old.messages)).toContain(en('privacy.confirm'));
    expect(old.json).not.toHaveProperty('erased');
    expect(await row('second-thoughts')).toBeDefined();
  });

  it('an old "No, thanks" consent button asks again; declining the question on screen forgets the profile', async () => {
    await onboard('withdrawer');
    await chat('withdrawer', { action: 'menu:profile' });
    await chat('withdrawer', { text: 'Kaohsiung' });
    const old = await chat('withdrawer', { action: 'consent:no' });
    expect(all(old.messages)).toContain(en('onboarding.confirmWithdraw'));
    expect(await row('withdrawer')).toMatchObject({ consent: 'given', city: 'Kaohsiung' });
    const declined = await chat('withdrawer', { action: 'consent:no' });
    expect(all(declined.messages)).toContain(en('onboarding.declined'));
    expect(await row('withdrawer')).toMatchObject({
      consent: 'declined',
      city: null,
      desiredJob: null,
      phone: null,
      lat: null,
    });
  });

  it.each([
    ['find jobs', 'en'],
    ['jobs', 'en'],
    ['找工作', 'zh-CN'],
    ['cari kerja', 'id'],
    ['lowongan', 'id'],
    ['職缺', 'zh-TW'],
    ['🔎 Find jobs', 'en'],
    ['Find jobs', 'id'],
  ])('typing %j lists jobs like the button (%s user)', async (text, locale) => {
    const user = `typist-${backend}-${text}-${locale}`;
    await onboard(user, locale);
    const r = await chat(user, { text });
    expect(r.messages[0]!.cards?.length).toBeGreaterThan(0);
  });

  it.each([
    ['招聘会', 'zh-CN', 'fairs.upcoming'],
    ['bantuan hukum', 'id', 'legal.whereToTurn'],
  ])('typing %j opens that menu entry', async (text, locale, key) => {
    const user = `entry-${text}`;
    await onboard(user, locale);
    expect(all((await chat(user, { text })).messages)).toContain(tFor(locale)(key));
  });

  it('a button label typed back acts as the button; an unknown sentence gets a short hint, not the menu again', async () => {
    await onboard('label-typer');
    await chat('label-typer', { text: 'delete my data' });
    expect(all((await chat('label-typer', { text: 'cancel' })).messages)).toContain(en('privacy.kept'));
    const unknown = await chat('label-typer', { text: 'the weather is nice today' });
    expect(all(unknown.messages)).toBe(en('fallback'));
    expect(actions(unknown.messages)).toEqual(['cmd:menu']);
  });

  it('a shared location shows as coordinates, and a local phone number is stored as E.164 and echoed grouped', async () => {
    await onboard('located', 'id');
    await chat('located', { action: 'menu:profile' });
    await chat('located', { location: { lat: -6.2, lon: 106.8166 } });
    await chat('located', { text: 'sopir' });
    const saved = await chat('located', { text: '0812-3456-7890' });
    expect(all(saved.messages)).toContain('📍 -6.2000, 106.8166');
    expect(all(saved.messages)).toContain('+62 812 3456 7890');
    expect(await row('located')).toMatchObject({ phone: '+6281234567890' });
  });

  it('a conversation stored by an older release (an unknown step) resets to the menu with a short notice', async () => {
    await onboard('old-release');
    const id = (await row('old-release'))!.id;
    await db()
      .update(conversations)
      .set({ flow: 'profile', step: 'favourite_colour' })
      .where(eq(conversations.userId, id));
    const r = await chat('old-release', { text: 'blue' });
    expect(all(r.messages)).toContain(en('state.reset'));
    const [conv] = await db().select().from(conversations).where(eq(conversations.userId, id));
    expect(conv).toMatchObject({ flow: 'menu', step: 'idle' });
  });

  it('no reply promises a feature that does not exist: stop and the saved profile say only what is true', async () => {
    await onboard('honest');
    const stop = await chat('honest', { text: 'stop' });
    expect(all(stop.messages)).not.toMatch(/subscribe again|coming soon/i);
    const jobs = await chat('honest', { action: 'menu:jobs' });
    expect(all(jobs.messages)).not.toMatch(/coming soon/i);
  });
});
