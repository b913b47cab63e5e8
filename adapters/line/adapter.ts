// The LINE channel (@line/bot-sdk): a signed webhook in, the Messaging API out.
import { messagingApi } from '@line/bot-sdk';
import type { Config } from '../../bot/config.js';
import type { AdapterDeps, ChannelAdapter } from '../channel.js';
import { createLineSender } from './sender.js';
import { registerLineWebhook } from './webhook.js';

export function lineCredentials(config: Config): { channelSecret: string; channelAccessToken: string } {
  const { LINE_CHANNEL_SECRET: channelSecret, LINE_CHANNEL_ACCESS_TOKEN: channelAccessToken } = config;
  if (!channelSecret || !channelAccessToken)
    throw new Error('LINE needs LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN');
  return { channelSecret, channelAccessToken };
}

export const lineClient = (config: Config) =>
  new messagingApi.MessagingApiClient({
    channelAccessToken: lineCredentials(config).channelAccessToken,
    baseURL: config.LINE_API_BASE_URL,
  });

export async function createLineAdapter(deps: AdapterDeps): Promise<ChannelAdapter> {
  const { channelSecret } = lineCredentials(deps.config);
  return {
    channel: 'line',
    // 13 quick replies with 20-character labels; LINE has no "share my number" action.
    surface: { maxButtons: 13, maxLabel: 20, cards: true, requests: ['location'] },
    register: (app) =>
      registerLineWebhook(app, {
        engine: deps.engine,
        db: deps.db,
        log: deps.log,
        channelSecret,
        ...(deps.clock ? { clock: deps.clock } : {}),
      }),
    sender: createLineSender(lineClient(deps.config), deps.log, {
      db: deps.db,
      ...(deps.clock ? { clock: deps.clock } : {}),
      ...(deps.config.LINE_SEND_RATE ? { perSecond: deps.config.LINE_SEND_RATE } : {}),
    }),
  };
}
