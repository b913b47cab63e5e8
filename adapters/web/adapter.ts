// The web channel, of the same shape as the others: the page and the chat routes in; no sender, since the page
// pulls what is pushed to it (inbox, live stream).
import { FULL, type Surface } from '../../bot/surface.js';
import type { AdapterDeps, ChannelAdapter } from '../channel.js';
import { registerPage } from './page.js';
import { registerWebChat, type WebChatDeps } from './routes.js';
import { registerTicketImages } from './tickets.js';

/** The page shows every kind of reply; a browser can share its location but has no contact card. */
const WEB_SURFACE: Surface = { ...FULL, requests: ['location'] };

export function createWebAdapter(deps: AdapterDeps, stream?: WebChatDeps['stream']): ChannelAdapter {
  const secret = deps.config.WEB_SESSION_SECRET;
  return {
    channel: 'web',
    surface: WEB_SURFACE,
    register(app) {
      registerPage(app);
      registerTicketImages(app, deps.db);
      registerWebChat(app, {
        engine: deps.engine,
        db: deps.db,
        log: deps.log,
        ...(secret ? { sessionSecret: secret } : {}),
        ...(stream ? { stream } : {}),
      });
    },
  };
}
