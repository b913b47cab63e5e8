// The single source of truth for the database; migrations in db/migrations are generated from it (`npm run
// db:generate`), and a released migration is never edited (test/db/migrations.sha256).
// The database keeps its own rules: every enum-like column has a CHECK built from the same list the code uses.
// Only types come from bot/: drizzle-kit loads this file on its own.
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  bigserial,
  boolean,
  check,
  customType,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import type { InboundEvent, Reply } from '../bot/types.js';

/** Every channel a row may belong to; whatsapp and wechat are allowed ahead of their adapters. */
export const CHANNELS = ['web', 'console', 'telegram', 'line', 'whatsapp', 'wechat'] as const;
export const CONSENTS = ['pending', 'given', 'declined'] as const;
export const INBOUND_STATUSES = ['pending', 'done', 'failed'] as const;
export const OUTBOX_STATUSES = ['pending', 'sent', 'failed'] as const;
export const SALARY_PERIODS = ['hour', 'day', 'month', 'year'] as const;
export const EMPLOYMENT_TYPES = ['full_time', 'part_time', 'temporary', 'internship'] as const;
export const SUITABLE_FOR = ['disability', 'older_workers', 'no_experience', 'migrant_workers', 'graduates'] as const;
export const FAIR_KINDS = ['offline', 'online', 'livestream', 'roving'] as const;
export const FAIR_STATUSES = ['scheduled', 'cancelled'] as const;

// Built by the search module from our own terms (bot/search/), never by Postgres's text parser: the same on PGlite.
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

// Literals, not parameters: a CHECK is DDL, so its values are written into the migration.
const literals = (values: readonly string[]) => sql.raw(values.map((v) => `'${v.replaceAll("'", "''")}'`).join(', '));
/** `column` is one of `values` (NULL passes, as in every CHECK; NOT NULL says the rest). */
const oneOf = (name: string, column: AnyPgColumn, values: readonly string[]) =>
  check(name, sql`${column} in (${literals(values)})`);
/** Every element of the array `column` is one of `values`. */
const allOf = (name: string, column: AnyPgColumn, values: readonly string[]) =>
  check(name, sql`${column} <@ array[${literals(values)}]::text[]`);
const between = (name: string, column: AnyPgColumn, min: number, max: number) =>
  check(name, sql`${column} between ${sql.raw(String(min))} and ${sql.raw(String(max))}`);
const atLeastZero = (name: string, column: AnyPgColumn) => check(name, sql`${column} >= 0`);
const coordinates = (table: string, t: { lat: AnyPgColumn; lon: AnyPgColumn }) => [
  between(`${table}_lat_range`, t.lat, -90, 90),
  between(`${table}_lon_range`, t.lon, -180, 180),
];

export const users = pgTable(
  'users',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    channel: text('channel').notNull(),
    // Text, not a number: Telegram ids pass 2^32 and LINE ids are strings.
    platformUserId: text('platform_user_id').notNull(),
    chatId: text('chat_id').notNull(),
    locale: text('locale').notNull().default('en'),
    timeZone: text('time_zone').notNull().default('UTC'),
    consent: text('consent', { enum: CONSENTS }).notNull().default('pending'),
    consentAt: ts('consent_at'),
    city: text('city'),
    desiredJob: text('desired_job'),
    phone: text('phone'),
    lat: doublePrecision('lat'),
    lon: doublePrecision('lon'),
    unreachableAt: ts('unreachable_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('users_channel_platform_user').on(t.channel, t.platformUserId),
    oneOf('users_channel_known', t.channel, CHANNELS),
    oneOf('users_consent_known', t.consent, CONSENTS),
    ...coordinates('users', t),
  ],
);

export const conversations = pgTable('conversations', {
  userId: bigint('user_id', { mode: 'number' })
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  flow: text('flow').notNull(),
  step: text('step').notNull(),
  data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

// The inbox: every inbound event is stored under its platform id before it is acknowledged.
export const inboundEvents = pgTable(
  'inbound_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    channel: text('channel').notNull(),
    eventId: text('event_id').notNull(),
    userKey: text('user_key').notNull(),
    // The event as received. Retention scrubs handled rows to {} after a week: only a pending row's is sure to be one.
    payload: jsonb('payload').$type<InboundEvent>().notNull(),
    status: text('status', { enum: INBOUND_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    receivedAt: ts('received_at').notNull().defaultNow(),
    processedAt: ts('processed_at'),
  },
  (t) => [
    uniqueIndex('inbound_events_channel_event').on(t.channel, t.eventId),
    index('inbound_events_pending').on(t.id).where(sql`status = 'pending'`),
    index('inbound_events_user').on(t.userKey, t.id),
    oneOf('inbound_events_channel_known', t.channel, CHANNELS),
    oneOf('inbound_events_status_known', t.status, INBOUND_STATUSES),
    atLeastZero('inbound_events_attempts_not_negative', t.attempts),
  ],
);

// The outbox: replies and notifications, written in the same transaction as the state change.
export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    channel: text('channel').notNull(),
    chatId: text('chat_id').notNull(),
    userId: bigint('user_id', { mode: 'number' }),
    inboundEventId: bigint('inbound_event_id', { mode: 'number' }),
    reply: jsonb('reply').$type<Reply>().notNull(),
    // Platform context a sender may use (e.g. a LINE reply token and when it expires).
    meta: jsonb('meta').$type<Record<string, unknown>>().notNull().default({}),
    status: text('status', { enum: OUTBOX_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at').notNull().defaultNow(),
    leaseUntil: ts('lease_until'),
    lastError: text('last_error'),
    // Platform calls of this row that went through (a long Telegram text goes in parts): a retry starts after them.
    partsSent: integer('parts_sent').notNull().default(0),
    // At most one notification per key, e.g. one reminder per (user, fair, kind).
    dedupKey: text('dedup_key'),
    createdAt: ts('created_at').notNull().defaultNow(),
    sentAt: ts('sent_at'),
  },
  (t) => [
    index('outbox_pending').on(t.chatId, t.id).where(sql`status = 'pending'`),
    // Claims read pending rows in id order: without this, a fan-out's sent rows are read again by every claim.
    index('outbox_pending_order').on(t.id).where(sql`status = 'pending'`),
    index('outbox_inbound_event').on(t.inboundEventId),
    uniqueIndex('outbox_dedup').on(t.dedupKey),
    oneOf('outbox_channel_known', t.channel, CHANNELS),
    oneOf('outbox_status_known', t.status, OUTBOX_STATUSES),
    atLeastZero('outbox_attempts_not_negative', t.attempts),
    atLeastZero('outbox_parts_sent_not_negative', t.partsSent),
  ],
);

// Per channel, shared by every worker process: a pause after a 429, and a leaky bucket that keeps the overall rate
// (each worker reserves its next send slots by moving next_slot_at forward in one atomic update).
export const channelLimits = pgTable(
  'channel_limits',
  {
    channel: text('channel').primaryKey(),
    pausedUntil: ts('paused_until'),
    nextSlotAt: ts('next_slot_at').notNull().defaultNow(),
  },
  (t) => [oneOf('channel_limits_channel_known', t.channel, CHANNELS)],
);

export const subscriptions = pgTable(
  'subscriptions',
  {
    userId: bigint('user_id', { mode: 'number' })
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    target: text('target').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind, t.target] }), index('subscriptions_target').on(t.kind, t.target)],
);

// Button payloads too long for a platform (Telegram: 64 bytes) are kept here behind a short key.
export const actionPayloads = pgTable('action_payloads', {
  key: text('key').primaryKey(),
  payload: text('payload').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const appMeta = pgTable('app_meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

// Jobs and fairs: field names follow the import contract (DESIGN.md section 3).
export const jobs = pgTable(
  'jobs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    externalId: text('external_id').notNull().unique(),
    title: text('title').notNull(),
    employer: text('employer').notNull(),
    city: text('city').notNull(),
    description: text('description'),
    // Beyond the contract's fields: what the job asks and offers, shown in its details.
    requirements: text('requirements'),
    benefits: text('benefits'),
    district: text('district'),
    lat: doublePrecision('lat'),
    lon: doublePrecision('lon'),
    // An occupation of db/vocab/occupations (ISCO-08 unit groups), given or recognised from the title.
    occupation: text('occupation'),
    industry: text('industry'),
    // A place of db/vocab/places.json recognised from city (and district); its country fixes currency and zone.
    placeId: text('place_id'),
    country: text('country'),
    // The language the record is written in, detected at import.
    lang: text('lang'),
    salaryMin: doublePrecision('salary_min'),
    salaryMax: doublePrecision('salary_max'),
    salaryPeriod: text('salary_period', { enum: SALARY_PERIODS }),
    // The range per month, so that a floor compares hourly, daily and monthly pay alike.
    salaryMonthMin: doublePrecision('salary_month_min'),
    salaryMonthMax: doublePrecision('salary_month_max'),
    currency: text('currency'),
    employmentType: text('employment_type', { enum: EMPLOYMENT_TYPES }),
    headcount: integer('headcount'),
    suitableFor: text('suitable_for', { enum: SUITABLE_FOR }).array().notNull().default(sql`'{}'`),
    languages: text('languages').array().notNull().default(sql`'{}'`),
    contact: text('contact'),
    fairExternalId: text('fair_external_id'),
    postedAt: ts('posted_at').notNull().defaultNow(),
    expiresAt: ts('expires_at'),
    search: tsvector('search').notNull().default(sql`''::tsvector`),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('jobs_posted').on(t.postedAt),
    index('jobs_occupation_posted').on(t.occupation, t.postedAt.desc(), t.id),
    // "driver in Chongqing": both conditions in one index, rather than two large bitmaps intersected.
    index('jobs_occupation_place_posted').on(t.occupation, t.placeId, t.postedAt.desc(), t.id),
    index('jobs_place_posted').on(t.placeId, t.postedAt.desc(), t.id),
    index('jobs_search').using('gin', t.search),
    oneOf('jobs_salary_period_known', t.salaryPeriod, SALARY_PERIODS),
    oneOf('jobs_employment_type_known', t.employmentType, EMPLOYMENT_TYPES),
    allOf('jobs_suitable_for_known', t.suitableFor, SUITABLE_FOR),
    ...coordinates('jobs', t),
    atLeastZero('jobs_salary_min_not_negative', t.salaryMin),
    // Either bound may be missing; when both are given they are in order.
    check('jobs_salary_range_ordered', sql`${t.salaryMin} <= ${t.salaryMax}`),
    atLeastZero('jobs_headcount_not_negative', t.headcount),
  ],
);

export const fairs = pgTable(
  'fairs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    externalId: text('external_id').notNull().unique(),
    title: text('title').notNull(),
    kind: text('kind', { enum: FAIR_KINDS }).notNull(),
    startsAt: ts('starts_at').notNull(),
    endsAt: ts('ends_at').notNull(),
    city: text('city'),
    venue: text('venue'),
    address: text('address'),
    lat: doublePrecision('lat'),
    lon: doublePrecision('lon'),
    timezone: text('timezone'),
    // A place of db/vocab/places.json recognised from city; the language the record is written in.
    placeId: text('place_id'),
    country: text('country'),
    lang: text('lang'),
    organizer: text('organizer'),
    url: text('url'),
    targetGroups: text('target_groups').array().notNull().default(sql`'{}'`),
    industries: text('industries').array().notNull().default(sql`'{}'`),
    // The employers attending, by name.
    employers: text('employers').array().notNull().default(sql`'{}'`),
    employersCount: integer('employers_count'),
    jobsCount: integer('jobs_count'),
    description: text('description'),
    status: text('status', { enum: FAIR_STATUSES }).notNull().default('scheduled'),
    // When and where it is on, as one text: an import that changes it counts a new revision, and subscribers hear once.
    schedule: text('schedule').notNull().default(''),
    revision: integer('revision').notNull().default(1),
    changedAt: ts('changed_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('fairs_starts').on(t.startsAt),
    index('fairs_created').on(t.createdAt),
    oneOf('fairs_kind_known', t.kind, FAIR_KINDS),
    oneOf('fairs_status_known', t.status, FAIR_STATUSES),
    check('fairs_ends_after_start', sql`${t.endsAt} >= ${t.startsAt}`),
    ...coordinates('fairs', t),
    atLeastZero('fairs_employers_count_not_negative', t.employersCount),
    atLeastZero('fairs_jobs_count_not_negative', t.jobsCount),
  ],
);

// Where and when a roving or multi-day fair is on: each stop with its own place and time, numbered from 1.
export const fairStops = pgTable(
  'fair_stops',
  {
    fairId: bigint('fair_id', { mode: 'number' })
      .notNull()
      .references(() => fairs.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    startsAt: ts('starts_at').notNull(),
    endsAt: ts('ends_at').notNull(),
    city: text('city'),
    venue: text('venue'),
    address: text('address'),
    lat: doublePrecision('lat'),
    lon: doublePrecision('lon'),
    placeId: text('place_id'),
    timezone: text('timezone'),
  },
  (t) => [
    primaryKey({ columns: [t.fairId, t.seq] }),
    index('fair_stops_starts').on(t.startsAt),
    check('fair_stops_ends_after_start', sql`${t.endsAt} >= ${t.startsAt}`),
    check('fair_stops_seq_positive', sql`${t.seq} >= 1`),
    ...coordinates('fair_stops', t),
  ],
);

// A seeker's application: what of their profile they agreed to share, kept with the job as it was.
export const applications = pgTable(
  'applications',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: bigint('user_id', { mode: 'number' })
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    jobId: bigint('job_id', { mode: 'number' }).references(() => jobs.id, { onDelete: 'set null' }),
    jobExternalId: text('job_external_id').notNull(),
    jobTitle: text('job_title').notNull(),
    employer: text('employer').notNull(),
    channel: text('channel').notNull(),
    locale: text('locale').notNull(),
    shared: jsonb('shared')
      .$type<{ city?: string | null; desiredJob?: string | null; phone?: string | null }>()
      .notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('applications_user_job').on(t.userId, t.jobExternalId),
    index('applications_created').on(t.createdAt),
    oneOf('applications_channel_known', t.channel, CHANNELS),
  ],
);

// A saved search: new matching jobs reach its owner at most once a day, each job once (alerted_jobs).
export const savedSearches = pgTable(
  'saved_searches',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: bigint('user_id', { mode: 'number' })
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    query: jsonb('query').$type<Record<string, unknown>>().notNull(),
    // Jobs imported after this are new to it.
    seenUntil: ts('seen_until').notNull(),
    // When it may next be checked: a day after the last alert, inside the owner's waking hours.
    dueAt: ts('due_at').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('saved_searches_due').on(t.dueAt), index('saved_searches_user').on(t.userId)],
);

export const alertedJobs = pgTable(
  'alerted_jobs',
  {
    userId: bigint('user_id', { mode: 'number' })
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    jobId: bigint('job_id', { mode: 'number' })
      .notNull()
      .references(() => jobs.id, { onDelete: 'cascade' }),
    sentAt: ts('sent_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.jobId] })],
);

// Searches that found nothing, for the operators' "what seekers look for that no employer offers". No user, no
// words beyond the understood ones and the leftover terms.
export const searchMisses = pgTable(
  'search_misses',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: ts('at').notNull().defaultNow(),
    channel: text('channel').notNull(),
    locale: text('locale').notNull(),
    occupation: text('occupation'),
    placeId: text('place_id'),
    keywords: text('keywords').array().notNull().default(sql`'{}'`),
  },
  (t) => [index('search_misses_at').on(t.at)],
);

// A seeker's place at a fair: the ticket code is what the QR code holds and what the entrance checks in, once.
export const fairRegistrations = pgTable(
  'fair_registrations',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: bigint('user_id', { mode: 'number' })
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    fairId: bigint('fair_id', { mode: 'number' })
      .notNull()
      .references(() => fairs.id, { onDelete: 'cascade' }),
    code: text('code').notNull().unique(),
    createdAt: ts('created_at').notNull().defaultNow(),
    checkedInAt: ts('checked_in_at'),
  },
  (t) => [
    uniqueIndex('fair_registrations_user_fair').on(t.userId, t.fairId),
    index('fair_registrations_fair').on(t.fairId),
  ],
);

// Every fair notice a person was sent (reminders, moved, cancelled, new fairs), kept for good: the key makes each
// one at most once, long after its outbox row is gone. stop 0 is the fair as a whole.
export const fairNotices = pgTable(
  'fair_notices',
  {
    userId: bigint('user_id', { mode: 'number' })
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    fairId: bigint('fair_id', { mode: 'number' })
      .notNull()
      .references(() => fairs.id, { onDelete: 'cascade' }),
    stop: integer('stop').notNull(),
    kind: text('kind').notNull(),
    sentAt: ts('sent_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.fairId, t.stop, t.kind] }), index('fair_notices_fair').on(t.fairId)],
);

export const CASE_STATUSES = ['open', 'closed'] as const;
export const CASE_AUTHORS = ['user', 'counselor', 'bot'] as const;

// A person asked for a counselor: the case holds what they and the counselor wrote until it is closed.
export const cases = pgTable(
  'cases',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: bigint('user_id', { mode: 'number' })
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    topic: text('topic').notNull(),
    status: text('status', { enum: CASE_STATUSES }).notNull().default('open'),
    openedAt: ts('opened_at').notNull().defaultNow(),
    closedAt: ts('closed_at'),
  },
  (t) => [
    index('cases_status').on(t.status, t.openedAt),
    uniqueIndex('cases_one_open').on(t.userId).where(sql`status = 'open'`),
    oneOf('cases_status_known', t.status, CASE_STATUSES),
  ],
);

export const caseMessages = pgTable(
  'case_messages',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    caseId: bigint('case_id', { mode: 'number' })
      .notNull()
      .references(() => cases.id, { onDelete: 'cascade' }),
    author: text('author', { enum: CASE_AUTHORS }).notNull(),
    text: text('text').notNull(),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [index('case_messages_case').on(t.caseId, t.id), oneOf('case_messages_author_known', t.author, CASE_AUTHORS)],
);

export const LEGAL_TOPICS = [
  'contract',
  'probation',
  'wages',
  'minimum_wage',
  'overtime',
  'working_hours',
  'rest_and_leave',
  'dismissal',
  'notice_and_severance',
  'work_injury',
  'social_insurance',
  'dispatch',
  'fixed_term',
  'arbitration',
  'migrant_workers',
  'domestic_workers',
  'discrimination',
  'maternity',
  'safety',
  'other',
] as const;
export const LEGAL_PLACES = [
  'labor_arbitration',
  'labor_inspection',
  'union_hotline',
  'legal_aid',
  'migrant_hotline',
  'police',
  'hospital',
  'court',
] as const;

// The legal knowledge base: one article per jurisdiction and topic, its answer in every locale, the questions it
// answers, its citations (law, article) and the date the rule was checked. Imported like jobs and fairs.
export const legalArticles = pgTable(
  'legal_articles',
  {
    externalId: text('external_id').primaryKey(),
    // ISO 3166 alpha-2: CN, ID, TW; open for more.
    jurisdiction: text('jurisdiction').notNull(),
    topic: text('topic', { enum: LEGAL_TOPICS }).notNull(),
    urgent: boolean('urgent').notNull().default(false),
    underRevision: boolean('under_revision').notNull().default(false),
    checked: date('checked', { mode: 'string' }).notNull(),
    citations: jsonb('citations').$type<{ law: string; law_en?: string; article: string }[]>().notNull(),
    whereToGo: text('where_to_go').array().notNull().default(sql`'{}'`),
    questions: jsonb('questions').$type<Record<string, string[]>>().notNull(),
    answer: jsonb('answer').$type<Record<string, string>>().notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('legal_articles_jurisdiction').on(t.jurisdiction, t.topic),
    check('legal_articles_jurisdiction_code', sql`${t.jurisdiction} ~ '^[A-Z]{2}$'`),
    oneOf('legal_articles_topic_known', t.topic, LEGAL_TOPICS),
  ],
);
