// A job fair as a card: when (weekday, and a zone name a person reads), where, who, and a way to look closer.
import type { Fair } from '../../catalog.js';
import { span } from '../../format.js';
import type { T } from '../../i18n.js';
import type { Card } from '../../types.js';

const remote = (f: Fair) => f.kind === 'online' || f.kind === 'livestream';

export function fairCard(t: T, locale: string, userTimeZone: string, f: Fair, full = false): Card {
  const timeZone = f.timezone ?? userTimeZone;
  const place = remote(f) ? t(`fairs.kind.${f.kind}`) : [f.venue, f.city].filter(Boolean).join(', ');
  return {
    title: f.title,
    lines: [
      `📅 ${span(locale, timeZone, f.startsAt, f.endsAt)}`,
      ...(timeZone !== userTimeZone && userTimeZone !== 'UTC'
        ? [`🕒 ${span(locale, userTimeZone, f.startsAt, f.endsAt)}`]
        : []),
      ...(place ? [`📍 ${place}`] : []),
      ...(!remote(f) && f.address ? [`🗺️ ${f.address}`] : []),
      ...(f.employersCount ? [`🏢 ${t('fairs.employers', { count: f.employersCount })}`] : []),
      ...(f.organizer ? [`👥 ${f.organizer}`] : []),
      ...(full && f.description ? [f.description] : []),
    ],
    buttons: full
      ? f.url
        ? [{ label: t('fairs.open'), url: f.url }]
        : []
      : [{ label: t('fairs.details'), action: `fairs:show:${f.externalId}` }],
  };
}
