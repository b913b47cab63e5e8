// What the timer side sends about fairs, built when it is sent (so a moved fair reminds at its new time): reminders
// the day before and two hours before, a fair moved or cancelled, and new fairs for those who follow a city or group.
import type { Fair, FairStop } from '../../catalog.js';
import type { T } from '../../i18n.js';
import type { Reply } from '../../types.js';
import { fairCard } from './cards.js';

export const REMINDERS = { day_before: 24 * 3_600_000, two_hours: 2 * 3_600_000 } as const;
export type ReminderKind = keyof typeof REMINDERS;

/** A stop as the fair it is that day: its own time and place, the fair's where it says nothing. */
export const atStop = (f: Fair, s: FairStop | null): Fair =>
  s
    ? {
        ...f,
        startsAt: s.startsAt,
        endsAt: s.endsAt,
        city: s.city ?? f.city,
        venue: s.venue ?? f.venue,
        address: s.address ?? f.address,
        lat: s.lat ?? f.lat,
        lon: s.lon ?? f.lon,
        timezone: s.timezone ?? f.timezone,
      }
    : f;

/** The zone a notice shows times in besides the fair's: the person's own when known, else the fair's. */
const zoneFor = (userZone: string, f: Fair) => (userZone !== 'UTC' ? userZone : (f.timezone ?? 'UTC'));

function aboutFair(t: T, locale: string, userZone: string, f: Fair, heading: string): Reply {
  const card = fairCard(t, locale, zoneFor(userZone, f), f);
  return {
    type: 'cards',
    text: heading,
    cards: [
      {
        ...card,
        buttons: [
          { label: t('fairs.details'), action: `fairs:show:${f.externalId}` },
          ...(f.status === 'scheduled'
            ? [{ label: t('fairs.ticketButton'), action: `fairs:ticket:${f.externalId}` }]
            : []),
        ],
      },
    ],
  };
}

export const reminderReply = (t: T, locale: string, userZone: string, f: Fair, kind: ReminderKind): Reply =>
  aboutFair(t, locale, userZone, f, t(`fairs.remind.${kind}`, { title: f.title }));

export const changedReply = (t: T, locale: string, userZone: string, f: Fair): Reply =>
  aboutFair(
    t,
    locale,
    userZone,
    f,
    t(f.status === 'cancelled' ? 'fairs.cancelled' : 'fairs.moved', { title: f.title }),
  );

export function newFairsReply(t: T, locale: string, userZone: string, found: Fair[]): Reply {
  return {
    type: 'cards',
    text: t('fairs.newFairs', { count: found.length }),
    cards: found.map((f) => fairCard(t, locale, zoneFor(userZone, f), f)),
  };
}
