// Pure-flow tests: the demo data as an in-memory catalog, a profile and a context, without database or platform.
import type { Catalog } from '../../bot/catalog.js';
import { idle, type Conversation, type FlowContext, type Profile } from '../../bot/flow.js';
import { tFor } from '../../bot/i18n.js';
import type { Surface } from '../../bot/surface.js';
import type { EventBody } from '../../bot/types.js';
import { demoFairs, demoJobs } from '../../db/seed.js';

export const NOW = new Date('2026-11-22T10:00:00Z');
const fairs = demoFairs(NOW).map((f, i) => ({ id: i + 1, ...f }));
// The first demo jobs as the database would give them back (the fields a card reads).
const jobs = demoJobs(NOW)
  .slice(0, 3)
  .map((r, i) => ({
    id: i + 1,
    title: r.title,
    employer: r.employer,
    city: r.city,
    district: r.district ?? null,
    placeId: null,
    salaryMin: r.salary_min ?? null,
    salaryMax: r.salary_max ?? null,
    salaryPeriod: r.salary_period ?? null,
    currency: r.currency ?? null,
    employmentType: r.employment_type ?? null,
    suitableFor: r.suitable_for ?? [],
    contact: r.contact ?? null,
  }));
export const catalog = {
  searchJobs: async () => jobs,
  job: async () => null,
  jobByExternalId: async () => null,
  jobsByIds: async () => [],
  upcomingFairs: async () => fairs,
  fair: async (id: string) => fairs.find((f) => f.externalId === id) ?? null,
  fairStops: async () => [],
} as unknown as Catalog;

export const profile = (p: Partial<Profile> = {}): Profile => ({
  locale: 'en',
  timeZone: 'UTC',
  consent: 'given',
  city: null,
  desiredJob: null,
  phone: null,
  lat: null,
  lon: null,
  ...p,
});

export const flowContext = (
  body: EventBody,
  user = profile(),
  conv: Conversation = idle,
  opts: { isNew?: boolean; surface?: Surface } = {},
): FlowContext => ({
  user,
  conv,
  isNew: opts.isNew ?? false,
  now: NOW,
  t: tFor(user.locale),
  services: { catalog, publicUrl: null },
  ...(opts.surface ? { surface: opts.surface } : {}),
  event: { channel: 'web', eventId: 'e', userId: 'u', chatId: 'u', body },
});
