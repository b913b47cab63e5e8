// Job search in conversation: a free sentence or the profile becomes a search; results come as cards with more,
// refine, details, apply and save; what is missing is asked for, and only that.
import { z } from 'zod';
import { searchMisses } from '../../../db/schema.js';
import { type Capability, type CapabilityContext, type FlowResult, idle, type Step } from '../../flow.js';
import { NEAR_KM } from '../../search/jobs.js';
import { type JobQuery, jobQuerySchema, localCurrency, parseQuery } from '../../search/query.js';
import { occupationMatcher, place, placeMatcher, placesNear, recognise } from '../../search/vocab.js';
import type { Button, Reply } from '../../types.js';
import { backToMenu, text } from '../common.js';
import { alertEffects, alertReply, saveSearch } from './alerts.js';
import { apply, applyEffects, applyInput, APPLY_STEPS, send } from './apply.js';
import { describe, jobCard, jobDetails } from './cards.js';

export const PAGE = 5;

const data = z.object({
  q: jobQuerySchema.optional(),
  page: z.number().int().min(0).optional(),
  want: z.enum(['place', 'occupation', 'salary']).optional(),
  job: z.number().int().optional(),
  /** What was asked when the results shown are a wider search (nothing here, so elsewhere): saving keeps this. */
  asked: jobQuerySchema.optional(),
});
type Data = z.infer<typeof data>;

const STEPS = ['results', 'ask', ...APPLY_STEPS] as const;
const at = (step: (typeof STEPS)[number], d: Data) => ({ flow: 'jobs', step, data: d });

/** The search the profile describes: the wanted job, in the profile's city or near its shared location. */
function fromProfile(ctx: CapabilityContext): JobQuery {
  const { user } = ctx;
  const wanted = user.desiredJob ? parseQuery(user.desiredJob).query : jobQuerySchema.parse({});
  const city = recognise(placeMatcher, user.city);
  return jobQuerySchema.parse({
    ...wanted,
    places: city ? [city] : wanted.places,
    ...(!city && user.lat !== null && user.lon !== null ? { near: { lat: user.lat, lon: user.lon } } : {}),
  });
}

const isEmpty = (q: JobQuery) =>
  !hasWhat(q) && !hasWhere(q) && !q.salary && !q.type && !q.groups.length && !q.fair && !q.since;
const hasWhat = (q: JobQuery) => q.occupations.length > 0 || q.keywords.length > 0;
const hasWhere = (q: JobQuery) => q.places.length > 0 || !!q.near;

/** A page of results, or — when nothing matches — the nearest elsewhere, and the search kept for next time. */
export async function results(ctx: CapabilityContext, q: JobQuery, page = 0): Promise<FlowResult> {
  const { t, user } = ctx;
  const found = await ctx.services.catalog.searchJobs(q, ctx.now, { limit: PAGE + 1, offset: page * PAGE });
  const more = found.length > PAGE;
  const shown = found.slice(0, PAGE);
  const what = describe(t, user.locale, q);
  if (shown.length) {
    const buttons: Button[] = [
      ...(more ? [{ label: t('jobs.more'), action: 'jobs:more' }] : []),
      { label: t('jobs.refine'), action: 'jobs:refine' },
      { label: t('jobs.save'), action: 'jobs:save' },
      ...backToMenu(t),
    ];
    return {
      conv: at('results', { q, page }),
      replies: [
        {
          type: 'cards',
          text: isEmpty(q) ? t('jobs.newestTitle') : t(page ? 'jobs.morePage' : 'jobs.results', { what }),
          cards: shown.map((j) => jobCard(t, user.locale, j)),
        },
        text(isEmpty(q) && !page ? t('jobs.howToSearch') : more ? t('jobs.next') : t('jobs.end'), buttons),
      ],
    };
  }
  if (page > 0) return { conv: at('results', { q, page }), replies: [text(t('jobs.end'), backToMenu(t))] };
  // Recorded without the person: what was asked for that no employer offers (the operators' "two lists").
  const miss = {
    type: 'search_miss',
    channel: ctx.event.channel,
    locale: user.locale,
    occupation: q.occupations[0] ?? null,
    place: q.places[0] ?? null,
    keywords: q.keywords.filter((k) => !/\d/.test(k)).slice(0, 10),
  };
  // Nothing here: the same job elsewhere, nearest first, when a place narrowed it.
  const here = q.near ?? (q.places[0] ? place(q.places[0]) : undefined);
  if (here && hasWhat(q)) {
    const wider = jobQuerySchema.parse({ ...q, places: [], near: undefined, around: { lat: here.lat, lon: here.lon } });
    const elsewhere = await ctx.services.catalog.searchJobs(wider, ctx.now, { limit: PAGE + 1 });
    if (elsewhere.length) {
      return {
        conv: at('results', { q: wider, page: 0, asked: q }),
        replies: [
          {
            type: 'cards',
            text: t('jobs.noneHereButElsewhere', { what }),
            cards: elsewhere.slice(0, PAGE).map((j) => jobCard(t, user.locale, j)),
          },
          text(t('jobs.saveForHere'), [
            ...(elsewhere.length > PAGE ? [{ label: t('jobs.more'), action: 'jobs:more' }] : []),
            { label: t('jobs.save'), action: 'jobs:save' },
            ...backToMenu(t),
          ]),
        ],
        effects: [miss],
      };
    }
  }
  return {
    conv: at('results', { q, page: 0 }),
    replies: [
      text(t('jobs.noneYet', { what }), [
        { label: t('jobs.save'), action: 'jobs:save' },
        { label: t('jobs.refine'), action: 'jobs:refine' },
        ...backToMenu(t),
      ]),
    ],
    effects: [miss],
  };
}

/** Asks for the one thing a search lacks. */
function ask(ctx: CapabilityContext, q: JobQuery, want: 'place' | 'occupation' | 'salary'): FlowResult {
  const { t, user } = ctx;
  const what = describe(t, user.locale, q);
  if (want === 'place') {
    const mine = recognise(placeMatcher, user.city);
    return {
      conv: at('ask', { q, want }),
      replies: [
        text(t('jobs.askPlace', { what }), [
          ...(mine && user.city ? [{ label: user.city, action: `jobs:place:${mine}` }] : []),
          { label: t('profile.shareLocation'), request: 'location' as const },
          { label: t('jobs.anywhere'), action: 'jobs:place:any' },
        ]),
      ],
    };
  }
  if (want === 'salary')
    return {
      conv: at('ask', { q, want }),
      replies: [text(t('jobs.askSalary'), [{ label: t('jobs.anyPay'), action: 'jobs:salary:any' }])],
    };
  const mine = recognise(occupationMatcher, user.desiredJob);
  return {
    conv: at('ask', { q, want }),
    replies: [
      text(t('jobs.askOccupation', { what }), [
        ...(mine && user.desiredJob ? [{ label: user.desiredJob, action: `jobs:occupation:${mine}` }] : []),
        { label: t('jobs.anyJob'), action: 'jobs:occupation:any' },
      ]),
    ],
  };
}

/** Runs a search when it says what and where; otherwise asks only for what is missing. */
function searchOrAsk(ctx: CapabilityContext, q: JobQuery): Step {
  if (hasWhat(q) && !hasWhere(q)) return ask(ctx, q, 'place');
  if (!hasWhat(q) && hasWhere(q) && !q.type && !q.salary && !q.groups.length) return ask(ctx, q, 'occupation');
  return results(ctx, q);
}

/** "Find jobs": the profile's search, or what to type when the profile says nothing. */
function open(ctx: CapabilityContext): Step {
  // An empty profile: the newest jobs, and how to ask for the right ones.
  return results(ctx, fromProfile(ctx));
}

// Words that make a sentence about work even without an occupation: "jobs in Jakarta", "lowongan di Bandung".
const JOB_WORDS =
  /\b(jobs?|work|vacanc(y|ies)|hiring|kerja|pekerjaan|lowongan|loker|jawatan|kosong|viec|trabaho)\b|工作|职位|岗位|招聘|งาน/u;

/** A free sentence typed at the main menu is a search when it names an occupation, or a place and work. */
function understands(ctx: CapabilityContext, typed: string): Step | null {
  const { query, named } = parseQuery(typed);
  const aboutWork = JOB_WORDS.test(typed.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase());
  const namesWork =
    named.occupation || (aboutWork && (named.place || named.type || named.salary || query.groups.length > 0));
  // "work" alone counts in a short sentence; a long one that only mentions it is more likely a question for legal help.
  if (!namesWork && !(aboutWork && typed.length <= 60)) return null;
  const { lat, lon } = ctx.user;
  const nearMe = !hasWhere(query) && lat !== null && lon !== null && placesNear(lat, lon, NEAR_KM).length > 0;
  return searchOrAsk(ctx, nearMe ? { ...query, near: { lat, lon } } : query);
}

/** The answer to what was asked: a place, an occupation or a pay floor, typed or shared. */
function answer(ctx: CapabilityContext): Step {
  const d = ctx.conv.data as Data;
  const q = d.q ?? jobQuerySchema.parse({});
  const b = ctx.event.body;
  if (b.type === 'location') return results(ctx, { ...q, places: [], near: { lat: b.lat, lon: b.lon } });
  if (b.type !== 'text') return ask(ctx, q, d.want ?? 'occupation');
  const said = parseQuery(b.text).query;
  if (d.want === 'salary') {
    if (!said.salary)
      return { conv: ctx.conv, replies: [text(ctx.t('jobs.badSalary')), ...ask(ctx, q, 'salary').replies] };
    // A bare amount is in the currency of the place searched.
    return results(ctx, {
      ...q,
      salary: { ...said.salary, currency: said.salary.currency ?? localCurrency(q.places[0]) },
    });
  }
  // Whatever else the answer says also counts: "cook in Taipei" answers "what work?" in full.
  const merged = jobQuerySchema.parse({
    ...q,
    occupations: said.occupations.length ? said.occupations : q.occupations,
    keywords: said.occupations.length ? [] : [...q.keywords, ...(d.want === 'occupation' ? said.keywords : [])],
    places: said.places.length ? said.places : q.places,
    near: said.places.length ? undefined : q.near,
    salary: said.salary ?? q.salary,
    type: said.type ?? q.type,
    groups: [...new Set([...q.groups, ...said.groups])],
  });
  if (d.want === 'place' && !hasWhere(merged))
    return { conv: ctx.conv, replies: [text(ctx.t('jobs.unknownPlace')), ...ask(ctx, q, 'place').replies] };
  if (d.want === 'occupation' && !hasWhat(merged))
    return { conv: ctx.conv, replies: [text(ctx.t('jobs.unknownOccupation')), ...ask(ctx, q, 'occupation').replies] };
  return searchOrAsk(ctx, merged);
}

/** A job by its number (our buttons and share links) or, in an operator's own link, by its external_id. */
async function findJob(ctx: CapabilityContext, ref: number | string) {
  const { catalog } = ctx.services;
  if (typeof ref === 'number') return Number.isSafeInteger(ref) ? catalog.job(ref, ctx.now) : null;
  return (
    (/^\d{1,15}$/.test(ref) ? await catalog.job(Number(ref), ctx.now) : null) ?? catalog.jobByExternalId(ref, ctx.now)
  );
}

async function details(ctx: CapabilityContext, ref: number | string): Promise<FlowResult> {
  const { t, user } = ctx;
  const job = await findJob(ctx, ref);
  // Opened from a link at the end of onboarding, the conversation rests at the menu afterwards.
  const conv = ctx.conv.flow === 'jobs' ? ctx.conv : idle;
  if (!job) return { conv, replies: [text(t('jobs.gone'), backToMenu(t))] };
  const share = ctx.services.publicUrl ? `${ctx.services.publicUrl}/?start=job_${job.id}` : null;
  const replies: Reply[] = [{ type: 'cards', cards: [jobDetails(t, user.locale, job, share)] }];
  if (job.lat !== null && job.lon !== null)
    replies.push({
      type: 'location',
      title: job.employer,
      ...(job.city ? { address: [job.city, job.district].filter(Boolean).join(' ') } : {}),
      lat: job.lat,
      lon: job.lon,
    });
  const inResults = ctx.conv.flow === 'jobs' && ctx.conv.step === 'results';
  replies.push(
    text(t('jobs.whatNext'), [
      ...(inResults ? [{ label: t('jobs.backToResults'), action: 'jobs:page' }] : []),
      ...backToMenu(t),
    ]),
  );
  return { conv, replies };
}

/** The search on screen, or — for an old button — a fresh start. */
const current = (ctx: CapabilityContext): Data | null =>
  ctx.conv.flow === 'jobs' && (ctx.conv.data as Data).q ? (ctx.conv.data as Data) : null;

function act(ctx: CapabilityContext, value: string): Step {
  const [verb = '', arg = ''] = value.split(/:(.*)/s);
  const d = current(ctx);
  const { t } = ctx;
  switch (verb) {
    case 'show':
      return details(ctx, Number(arg));
    case 'apply':
      return apply(ctx, Number(arg));
    case 'send':
      return send(ctx, Number(arg));
    case 'more':
    case 'page':
      return d ? results(ctx, d.q!, (d.page ?? 0) + (verb === 'more' ? 1 : 0)) : open(ctx);
    case 'refine':
      if (!d) return open(ctx);
      return {
        conv: ctx.conv,
        replies: [
          text(t('jobs.refineWhat'), [
            { label: t('jobs.refinePlace'), action: 'jobs:ask:place' },
            { label: t('jobs.refineSalary'), action: 'jobs:ask:salary' },
            { label: t('jobs.refineRecent'), action: 'jobs:since:7' },
            ...(['full_time', 'part_time', 'temporary', 'internship'] as const).map((type) => ({
              label: t(`jobs.type.${type}`),
              action: `jobs:type:${type}`,
            })),
            { label: t('jobs.anyType'), action: 'jobs:type:any' },
          ]),
        ],
      };
    case 'ask':
      return d && (arg === 'place' || arg === 'salary' || arg === 'occupation') ? ask(ctx, d.q!, arg) : open(ctx);
    case 'type': {
      if (!d) return open(ctx);
      const type =
        arg === 'any' ? undefined : z.enum(['full_time', 'part_time', 'temporary', 'internship']).safeParse(arg).data;
      return results(ctx, { ...d.q!, type });
    }
    case 'place': {
      if (!d) return open(ctx);
      const q = arg === 'any' ? { ...d.q!, places: [], near: undefined } : { ...d.q!, places: [arg], near: undefined };
      return searchOrAsk(ctx, q);
    }
    case 'occupation': {
      const base = d?.q ?? jobQuerySchema.parse({});
      return results(
        ctx,
        arg === 'any' ? { ...base, occupations: [], keywords: [] } : { ...base, occupations: [arg], keywords: [] },
      );
    }
    case 'salary':
      return d ? results(ctx, { ...d.q!, salary: undefined }) : open(ctx);
    case 'fair':
      return results(ctx, jobQuerySchema.parse({ fair: arg }));
    case 'since': {
      const days = Number(arg);
      if (!d || !Number.isInteger(days) || days < 1 || days > 365) return open(ctx);
      return results(ctx, { ...d.q!, since: new Date(ctx.now.getTime() - days * 86_400_000).toISOString() });
    }
    case 'save':
      return d ? saveSearch(ctx, d.asked ?? d.q!) : open(ctx);
    default:
      return open(ctx);
  }
}

export const jobs: Capability = {
  name: 'jobs',
  steps: STEPS,
  data,
  menu: { order: 1, label: 'menu.jobs', words: 'commands.jobs', tile: true },
  open,
  deepLinks: { job_: details },
  actions: { jobs: act },
  understands,
  onInput: (ctx) => {
    if (ctx.conv.step === 'ask') return answer(ctx);
    if (ctx.conv.step === 'apply-phone') return applyInput(ctx);
    // Looking at results or a question with buttons: a typed sentence is a new search, anything else a hint.
    const b = ctx.event.body;
    const fresh = b.type === 'text' ? understands(ctx, b.text) : null;
    return fresh ?? { conv: ctx.conv, replies: [text(ctx.t('fallback'), backToMenu(ctx.t))] };
  },
  onSystem: (ctx, kind, d) => (kind === 'alert' ? alertReply(ctx, d) : { conv: ctx.conv, replies: [] }),
  effects: {
    ...applyEffects,
    ...alertEffects,
    search_miss: (tx, _userId, e) =>
      tx.insert(searchMisses).values({
        channel: String(e.channel),
        locale: String(e.locale),
        occupation: typeof e.occupation === 'string' ? e.occupation : null,
        placeId: typeof e.place === 'string' ? e.place : null,
        keywords: Array.isArray(e.keywords) ? e.keywords.map(String) : [],
      }),
  },
};
