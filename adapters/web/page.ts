// Serves the chat page, localized on the server from ?lang or the browser's Accept-Language.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { LOCALES, matchLocale, resources, tFor } from '../../bot/i18n.js';

const dir = fileURLToPath(new URL('./public/', import.meta.url));
const asset = (name: string) => readFileSync(dir + name, 'utf8');
const template = asset('index.html');
const files: Record<string, { type: string; body: string }> = {
  'chat.js': { type: 'text/javascript; charset=utf-8', body: asset('chat.js') },
  'chat.css': { type: 'text/css; charset=utf-8', body: asset('chat.css') },
  'favicon.svg': { type: 'image/svg+xml', body: asset('favicon.svg') },
};

/** The first language in Accept-Language that we have; q-values are honoured. */
export function fromAcceptLanguage(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag = '', q] = part.trim().split(';q=');
      return { tag: tag.trim(), q: q ? Number(q) : 1 };
    })
    .filter((x) => x.tag && x.tag !== '*' && x.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    const l = matchLocale(tag);
    if (l !== 'en' || tag.toLowerCase().startsWith('en')) return l;
  }
  return undefined;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function registerPage(app: FastifyInstance) {
  app.get('/', async (req, reply) => {
    const q = (req.query as Record<string, unknown>).lang;
    const locale =
      typeof q === 'string' && q ? matchLocale(q) : (fromAcceptLanguage(req.headers['accept-language']) ?? 'en');
    const t = tFor(locale);
    const boot = {
      locale,
      strings: Object.fromEntries(LOCALES.map((l) => [l, resources[l]!.web])),
      languages: LOCALES.map((l) => ({ code: l, name: tFor(l)('language.name') })),
    };
    const html = template
      .replaceAll('{{lang}}', escapeHtml(locale))
      .replaceAll('{{title}}', escapeHtml(t('web.title')))
      .replaceAll('{{heading}}', escapeHtml(t('web.heading')))
      .replaceAll('{{subtitle}}', escapeHtml(t('web.subtitle')))
      .replaceAll('{{placeholder}}', escapeHtml(t('web.placeholder')))
      .replaceAll('{{inputLabel}}', escapeHtml(t('web.inputLabel')))
      .replaceAll('{{send}}', escapeHtml(t('web.send')))
      .replaceAll('{{newChat}}', escapeHtml(t('web.newChat')))
      // A JSON data block (the CSP runs no inline script); "<" escaped so no "</script>" can end it early, and a
      // function replacer so a "$&" in a translation stays literal.
      .replace('{{boot}}', () => JSON.stringify(boot).replace(/</g, '\\u003c'));
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(html);
  });
  const serve = (name: string, reply: FastifyReply) => {
    const f = Object.hasOwn(files, name) ? files[name] : undefined;
    if (!f) return reply.code(404).send({ error: 'not found' });
    return reply.type(f.type).header('cache-control', 'no-cache').send(f.body);
  };
  app.get('/static/:name', async (req, reply) => serve((req.params as { name: string }).name, reply));
  // Asked for by browsers and tools that do not read the page's <link rel="icon">.
  app.get('/favicon.ico', async (_req, reply) => serve('favicon.svg', reply));
}
