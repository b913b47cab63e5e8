// The core of the conversation layer. Capabilities declare what they own (bot/flow.ts `Capability`); from those
// declarations this derives the router, the main menu, the words understood when typed, `help`, Telegram's command
// list and LINE's rich-menu tiles. It knows no capability by name.
import type {
  Capability,
  CapabilityContext,
  CommandSpec,
  Conversation,
  EffectHandler,
  FlowContext,
  FlowResult,
} from '../flow.js';
import { idle } from '../flow.js';
import { LOCALES, synonyms, tFor, type T } from '../i18n.js';
import { fit, FULL } from '../surface.js';
import type { InboundEvent, Reply } from '../types.js';
import { choiceOf, envelopeOf, withEnvelope, type Envelope } from './conversation.js';
import { labelKey, normalize } from './words.js';
import { text } from './common.js';

export interface Registry {
  route(ctx: FlowContext): Promise<FlowResult>;
  mainMenu(t: T): Reply;
  /** Slash commands with their description key, for Telegram's setMyCommands. */
  slashCommands(): { command: string; describe: string }[];
  /** Main-menu entries marked as rich-menu tiles: their button payload and label key. */
  tiles(): { data: string; label: string }[];
  effect(type: string): EffectHandler | undefined;
  /** The command an event calls, typed in any locale, as /slash or as a `cmd:` button. */
  commandOf(event: InboundEvent): { name: string; args: string } | null;
  capability(name: string): Capability | undefined;
}

interface Hooks {
  /** Runs around every event that is not a first contact (the language run counter, for one). */
  around?: (
    ctx: CapabilityContext,
    envelope: Envelope,
    next: () => Promise<FlowResult>,
  ) => Promise<[FlowResult, Envelope]>;
  /** The first contact of a new user (a `follow`, or their very first message). */
  firstContact: (ctx: CapabilityContext, args: string) => Promise<FlowResult>;
  /** The user blocked or unfollowed the bot. */
  unfollow: (ctx: CapabilityContext) => FlowResult | Promise<FlowResult>;
  /** Anything a capability that needs consent is asked for before the user agreed. */
  consentFirst: (ctx: CapabilityContext) => FlowResult | Promise<FlowResult>;
}

const MAX_TYPED = 64;
const wordsOf = (key: string) => synonyms(key).map(normalize).filter(Boolean);

export function createRegistry(capabilities: Capability[], hooks: Hooks): Registry {
  const byName = new Map(capabilities.map((c) => [c.name, c]));
  if (byName.size !== capabilities.length) throw new Error('two capabilities share a name');
  const needsConsent = (c: Capability) => c.needsConsent !== false;

  const commands = new Map<string, CommandSpec & { owner: Capability }>();
  for (const c of capabilities)
    for (const [name, spec] of Object.entries(c.commands ?? {})) {
      if (commands.has(name)) throw new Error(`command "${name}" declared twice`);
      commands.set(name, { ...spec, owner: c });
    }
  const owners = new Map<string, Capability>();
  for (const c of capabilities)
    for (const prefix of Object.keys(c.actions ?? {})) {
      if (owners.has(prefix) || prefix === 'menu' || prefix === 'cmd')
        throw new Error(`button prefix "${prefix}" declared twice`);
      owners.set(prefix, c);
    }
  const slashes = new Map<string, string>();
  for (const [name, spec] of commands)
    for (const s of [name, spec.slash, ...(spec.aliases ?? [])]) if (s) slashes.set(s, name);
  const typedCommands = new Map<string, string>();
  for (const [name, spec] of commands) for (const w of wordsOf(spec.words)) typedCommands.set(w, name);

  const entries = capabilities.filter((c) => c.menu).sort((a, b) => a.menu!.order - b.menu!.order);
  // A menu entry opens when its label (emoji or not) or one of its words is typed, in any of our languages.
  const typedEntries = new Map<string, Capability>();
  for (const c of entries) {
    for (const l of LOCALES) typedEntries.set(labelKey(tFor(l)(c.menu!.label)), c);
    if (c.menu!.words) for (const w of wordsOf(c.menu!.words)) typedEntries.set(labelKey(w), c);
  }

  const commandButtons = [...commands].filter(([, s]) => s.button);
  const mainMenu = (t: T): Reply =>
    text(t('menu.title'), [
      ...entries.map((c) => ({ label: t(c.menu!.label), action: `menu:${c.name}` })),
      ...commandButtons.map(([name, s]) => ({ label: t(s.button!.label), action: `cmd:${name}` })),
    ]);

  const linkHandlers = capabilities.flatMap((c) => Object.entries(c.deepLinks ?? {}));
  const interpreters = capabilities
    .filter((c) => c.understands)
    .sort((a, b) => (a.menu?.order ?? Infinity) - (b.menu?.order ?? Infinity));

  /** Every described command by the first word that calls it in the user's language. */
  const help = (t: T, consented: boolean): Reply =>
    text(
      [
        t('help.intro'),
        ...[...commands].flatMap(([, s]) =>
          s.describe && s.slash !== 'start' ? [`• ${t(s.words).split('|')[0]!.trim()}: ${t(s.describe)}`] : [],
        ),
        t('help.outro'),
      ].join('\n'),
      consented ? [{ label: t('menu.back'), action: 'cmd:menu' }] : undefined,
    );

  function commandOf(event: InboundEvent): { name: string; args: string } | null {
    const b = event.body;
    const slash = (name: string, args: string) => {
      const found = slashes.get(name.toLowerCase().replace(/@.*$/, '').replace(/_/g, ''));
      return found ? { name: found, args: args.trim() } : null;
    };
    if (b.type === 'command') return slash(b.command, b.args);
    if (b.type === 'action' && b.action.startsWith('cmd:')) return slash(b.action.slice(4), '');
    if (b.type !== 'text' || b.text.length > MAX_TYPED) return null;
    const typed = /^\/([A-Za-z_]+)(?:@\w+)?(?:\s+([\s\S]*))?$/.exec(b.text.trim());
    if (typed) return slash(typed[1]!, typed[2] ?? '');
    const name = typedCommands.get(normalize(b.text)) ?? typedCommands.get(labelKey(b.text));
    return name ? { name, args: '' } : null;
  }

  /** An unknown sentence: a short hint with the way to the menu, never the whole menu again and again. */
  const hint = (ctx: CapabilityContext): FlowResult => ({
    conv: ctx.conv,
    replies: [text(ctx.t('fallback'), [{ label: ctx.t('menu.back'), action: 'cmd:menu' }])],
  });
  const { consentFirst } = hooks;

  async function dispatch(ctx: CapabilityContext, envelope: Envelope): Promise<FlowResult> {
    const { event, user, conv } = ctx;
    const consented = user.consent === 'given';
    const command = commandOf(event);
    if (command) {
      const spec = commands.get(command.name)!;
      return (spec.needsConsent ?? needsConsent(spec.owner)) && !consented
        ? consentFirst(ctx)
        : spec.run(ctx, command.args);
    }
    // A typed number or label of a button offered in the last reply is that button.
    const chosen = choiceOf(event, envelope);
    const action = event.body.type === 'action' ? event.body.action : chosen;
    if (action !== null) {
      const [prefix = '', value = ''] = action.split(/:(.*)/s);
      if (prefix === 'cmd')
        return dispatch({ ...ctx, event: { ...event, body: { type: 'action', action } } }, envelope);
      const owner = prefix === 'menu' ? byName.get(value) : owners.get(prefix);
      if (owner && needsConsent(owner) && !consented) return consentFirst(ctx);
      if (prefix === 'menu' && owner?.open) return owner.open(ctx);
      const handler = prefix === 'menu' ? undefined : owner?.actions?.[prefix];
      if (handler) return handler({ ...ctx, event: { ...event, body: { type: 'action', action } } }, value);
      if (event.body.type === 'action') return hint(ctx); // a button of something that no longer exists
    }
    if (!consented) return consentFirst(ctx);
    const holder = byName.get(conv.flow);
    if (holder?.onInput && conv.flow !== idle.flow) return holder.onInput(ctx);
    if (event.body.type === 'text' && event.body.text.length <= MAX_TYPED) {
      const entry = typedEntries.get(labelKey(event.body.text));
      if (entry?.open) return entry.open(ctx);
      // A sentence at the main menu goes to the first capability that understands it.
      for (const c of interpreters) {
        const understood = await c.understands!(ctx, event.body.text);
        if (understood) return understood;
      }
    }
    return holder?.onInput ? holder.onInput(ctx) : hint(ctx);
  }

  /** State from an older release or an unknown step is never misread: it resets to the menu with a notice. */
  function checked(conv: Conversation): { conv: Conversation; reset: boolean } {
    if (conv.flow === idle.flow && conv.step === idle.step) return { conv, reset: false };
    const holder = byName.get(conv.flow);
    const valid =
      holder && (holder.steps ?? []).includes(conv.step) && (!holder.data || holder.data.safeParse(conv.data).success);
    return valid ? { conv, reset: false } : { conv: idle, reset: true };
  }

  return {
    async route(base) {
      const [envelope, stored] = envelopeOf(base.conv);
      const { conv, reset } = checked(stored);
      const ctx: CapabilityContext = {
        ...base,
        conv,
        mainMenu: (t) => mainMenu(t ?? base.t),
        help: () => help(base.t, base.user.consent === 'given'),
        openLink: (link) => {
          const found = linkHandlers.find(([prefix]) => link.startsWith(prefix) && link.length > prefix.length);
          return found ? found[1](ctx, link.slice(found[0].length)) : null;
        },
      };
      let result: FlowResult;
      let next = envelope;
      const body = base.event.body;
      if (body.type === 'system') {
        // Addressed to one capability, whatever the conversation is doing; nothing to say if none handles it.
        const handler = byName.get(body.capability)?.onSystem;
        result = handler ? await handler(ctx, body.kind, body.data ?? {}) : { conv, replies: [] };
      } else if (body.type === 'unfollow') {
        result = await hooks.unfollow(ctx);
      } else if (base.event.body.type === 'follow' || base.isNew) {
        const command = commandOf(base.event);
        const args = command?.name === 'start' ? command.args : '';
        result = await hooks.firstContact(ctx, args);
      } else if (hooks.around) {
        [result, next] = await hooks.around(ctx, envelope, () => dispatch(ctx, envelope));
      } else {
        result = await dispatch(ctx, envelope);
      }
      const notice = reset ? [text(base.t('state.reset'))] : [];
      const shown = fit([...notice, ...result.replies], base.surface ?? FULL, base.t);
      return withEnvelope({ ...result, replies: shown.replies }, next, shown.numbered, [...notice, ...result.replies]);
    },
    mainMenu,
    slashCommands: () =>
      [...commands].flatMap(([name, s]) => (s.describe ? [{ command: s.slash ?? name, describe: s.describe }] : [])),
    tiles: () => [
      ...entries.filter((c) => c.menu!.tile).map((c) => ({ data: `menu:${c.name}`, label: c.menu!.label })),
      ...commandButtons
        .filter(([, s]) => s.button!.tile)
        .map(([name, s]) => ({ data: `cmd:${name}`, label: s.button!.label })),
    ],
    effect: (type) => capabilities.map((c) => c.effects?.[type]).find(Boolean),
    commandOf,
    capability: (name) => byName.get(name),
  };
}
