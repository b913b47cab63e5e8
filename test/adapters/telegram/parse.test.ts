// The one Telegram parser (webhook, polling and Telegraf use it) on real update shapes and their odd corners.
import { describe, expect, it } from 'vitest';
import { parseUpdate } from '../../../adapters/telegram/parse.js';
import { BOT, fixture } from '../../support/fake-telegram.js';

const parse = (u: unknown) => parseUpdate(u, BOT);
const body = (u: unknown) => {
  const p = parse(u);
  return p.kind === 'event' ? p.event.body : p.kind;
};
const privateMessage = (fields: object) => ({
  update_id: 1,
  message: {
    message_id: 1,
    date: 1,
    from: { id: 42, is_bot: false, first_name: 'A' },
    chat: { id: 42, type: 'private' },
    ...fields,
  },
});

describe('parseUpdate', () => {
  it('keeps ids above 2^32 exact, as strings, with the language hint', () => {
    expect(parse(fixture('message_text_cjk_zh-hans.xl'))).toEqual({
      kind: 'event',
      event: {
        channel: 'telegram',
        eventId: '840228241',
        userId: '6830978835',
        chatId: '6830978835',
        localeHint: 'zh-hans',
        body: { type: 'text', text: '可不可以不想你' },
      },
    });
  });

  it('reads commands with and without entities, with arguments, addressed to us or to no one', () => {
    expect(body(fixture('message_command_with_args_no_entities.nutgram'))).toEqual({
      type: 'command',
      command: 'register',
      args: 'HR John Doe',
    });
    expect(body(privateMessage({ text: '/START@Job_Test_Bot fair_42' }))).toEqual({
      type: 'command',
      command: 'start',
      args: 'fair_42',
    });
    expect(body(privateMessage({ text: '/start@other_bot' }))).toBe('ignore');
    expect(body(privateMessage({ text: '/ not a command' }))).toEqual({ type: 'text', text: '/ not a command' });
  });

  it('takes button presses, also from inline messages that have no chat (stale docs example)', () => {
    const p = parse(fixture('callback_query_inline.official-docs'));
    expect(p).toMatchObject({
      kind: 'event',
      event: {
        chatId: '1111111',
        body: { type: 'action', action: 'Data from button callback' },
        meta: { callbackQueryId: '4382bfdwdsb323b2d9' },
      },
    });
    expect(body(fixture('callback_query_querystring_data.nutgram'))).toEqual({
      type: 'action',
      action: 'c=uud&pid=1&bid=1',
    });
  });

  it("reads locations, venues, the sender's own contact, captions; unreadable media become an empty text", () => {
    expect(body(fixture('message_location.nutgram'))).toEqual({ type: 'location', lat: 41.899977, lon: 12.501028 });
    expect(
      body(
        privateMessage({
          location: { latitude: 1, longitude: 2 },
          venue: { title: 'Hall A', address: 'x', location: { latitude: 1, longitude: 2 } },
        }),
      ),
    ).toEqual({ type: 'location', lat: 1, lon: 2, title: 'Hall A' });
    expect(body(privateMessage({ contact: { phone_number: '+6281234567890', first_name: 'A', user_id: 42 } }))).toEqual(
      { type: 'contact', phone: '+6281234567890' },
    );
    expect(body(privateMessage({ contact: { phone_number: '+6281234567890', first_name: 'B', user_id: 43 } }))).toBe(
      'ignore',
    );
    expect(body(privateMessage({ photo: [{ file_id: 'f' }], caption: 'my CV' }))).toEqual({
      type: 'text',
      text: 'my CV',
    });
    expect(body(privateMessage({ sticker: { file_id: 's' } }))).toEqual({ type: 'text', text: '' });
    expect(body(privateMessage({ pinned_message: {} }))).toBe('ignore');
  });

  it('turns a user blocking the bot into unfollow, and ignores other membership changes', () => {
    const change = (status: string, type = 'private') => ({
      update_id: 9,
      my_chat_member: {
        chat: { id: 42, type },
        from: { id: 42, is_bot: false, first_name: 'A' },
        date: 1,
        old_chat_member: { status: 'member' },
        new_chat_member: { status, user: { id: BOT.id } },
      },
    });
    expect(body(change('kicked'))).toEqual({ type: 'unfollow' });
    expect(body(change('member'))).toBe('ignore');
    expect(body(change('kicked', 'group'))).toBe('ignore');
  });

  it('answers in a group only when addressed: a mention (UTF-16 offsets), a text mention, a reply, or being added', () => {
    const group = (fields: object) => ({
      update_id: 2,
      message: {
        message_id: 1,
        date: 1,
        from: { id: 42, is_bot: false, first_name: 'A' },
        chat: { id: -4183690108, type: 'group' },
        ...fields,
      },
    });
    const mention = `😀 @${BOT.username}`;
    expect(
      parse(group({ text: mention, entities: [{ type: 'mention', offset: 3, length: BOT.username.length + 1 }] })),
    ).toEqual({ kind: 'group', eventId: '2', chatId: '-4183690108' });
    expect(
      parse(
        group({ text: 'hey you', entities: [{ type: 'text_mention', offset: 4, length: 3, user: { id: BOT.id } }] }),
      ).kind,
    ).toBe('group');
    expect(
      parse(group({ text: '@someone_else hi', entities: [{ type: 'mention', offset: 0, length: 13 }] })).kind,
    ).toBe('ignore');
    expect(parse(group({ new_chat_members: [{ id: BOT.id, is_bot: true, first_name: 'JobBot' }] })).kind).toBe('group');
    expect(parse(fixture('message_group_new_chat_members_cjk.xl')).kind).toBe('ignore');
    expect(
      parse(
        group({
          text: 'hi',
          from: { id: 5, is_bot: true, first_name: 'OtherBot' },
          reply_to_message: { from: { id: BOT.id } },
        }),
      ).kind,
    ).toBe('ignore');
  });
});
