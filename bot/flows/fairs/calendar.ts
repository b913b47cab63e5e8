// A fair as a calendar file (.ics, by the `ics` library): one event per stop, or one for the whole fair.
import { createEvents, type EventAttributes } from 'ics';
import type { Fair, FairStop } from '../../catalog.js';

const utc = (d: Date): [number, number, number, number, number] => [
  d.getUTCFullYear(),
  d.getUTCMonth() + 1,
  d.getUTCDate(),
  d.getUTCHours(),
  d.getUTCMinutes(),
];

/** The .ics text, or null when the library refuses the data (it is imported data, so that is possible). */
export function fairCalendar(fair: Fair, stops: FairStop[]): string | null {
  const where = (s: { venue: string | null; address: string | null; city: string | null }) =>
    [s.venue, s.address, s.city].filter(Boolean).join(', ') || undefined;
  const base = {
    title: fair.title,
    startInputType: 'utc' as const,
    startOutputType: 'utc' as const,
    endInputType: 'utc' as const,
    endOutputType: 'utc' as const,
    ...(fair.description ? { description: fair.description } : {}),
    ...(fair.url ? { url: fair.url } : {}),
    ...(fair.organizer ? { organizer: { name: fair.organizer } } : {}),
  };
  const events: EventAttributes[] = (stops.length ? stops : [fair]).map((s, i) => ({
    ...base,
    uid: `${fair.externalId}-${i + 1}@jobbuddy`,
    start: utc(s.startsAt),
    end: utc(s.endsAt),
    ...(where(s) ? { location: where(s) } : {}),
    ...(s.lat !== null && s.lon !== null ? { geo: { lat: s.lat, lon: s.lon } } : {}),
  }));
  const { error, value } = createEvents(events);
  return error || !value ? null : value;
}
