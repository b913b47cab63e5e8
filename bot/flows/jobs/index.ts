// Jobs: the newest open jobs, those in the profile's city and of the wanted kind first; a job's details.
import { idle, type Capability, type CapabilityContext, type FlowResult } from '../../flow.js';
import type { Button, Reply } from '../../types.js';
import { backToMenu, text } from '../common.js';
import { jobCard } from './cards.js';

const MAX_CARDS = 10;

async function latest(ctx: CapabilityContext): Promise<FlowResult> {
  const { t, user } = ctx;
  const found = await ctx.services.catalog.latestJobs(ctx.now, MAX_CARDS, { city: user.city, job: user.desiredJob });
  if (!found.length) return { conv: idle, replies: [text(t('jobs.none'), backToMenu(t))] };
  const note = user.city || user.desiredJob ? t('jobs.fitFirst') : t('jobs.fillProfile');
  return {
    conv: idle,
    replies: [
      { type: 'cards', text: t('jobs.latest'), cards: found.map((j) => jobCard(t, user.locale, j)) },
      text(note, backToMenu(t)),
    ],
  };
}

/** A phone number in the contact becomes a tappable call; anything else is shown as written. */
const callButton = (t: CapabilityContext['t'], contact: string | null): Button[] => {
  const digits = contact?.replace(/[\s\-()]/g, '') ?? '';
  return /^\+?\d{7,15}$/.test(digits) ? [{ label: t('jobs.call'), url: `tel:${digits}` }] : [];
};

async function details(ctx: CapabilityContext, id: number): Promise<FlowResult> {
  const { t, user } = ctx;
  const job = Number.isSafeInteger(id) ? await ctx.services.catalog.job(id, ctx.now) : null;
  if (!job) return { conv: idle, replies: [text(t('jobs.gone'), backToMenu(t))] };
  const card = jobCard(t, user.locale, job);
  const replies: Reply[] = [
    {
      type: 'cards',
      cards: [
        {
          ...card,
          lines: [...card.lines, ...(job.description ? [job.description] : [])],
          buttons: [...callButton(t, job.contact), ...backToMenu(t)],
        },
      ],
    },
  ];
  if (job.lat !== null && job.lon !== null)
    replies.push({ type: 'location', title: job.employer, lat: job.lat, lon: job.lon });
  return { conv: idle, replies };
}

export const jobs: Capability = {
  name: 'jobs',
  menu: { order: 1, label: 'menu.jobs', words: 'commands.jobs', tile: true },
  open: latest,
  actions: {
    jobs: (ctx, value) => {
      const [verb, arg = ''] = value.split(':');
      return verb === 'show' ? details(ctx, Number(arg)) : latest(ctx);
    },
  },
};
