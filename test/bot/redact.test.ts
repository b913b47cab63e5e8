// Error texts are stored and logged without tokens or phone numbers.
import { describe, expect, it } from 'vitest';
import { redact } from '../../bot/redact.js';

const BOT_TOKEN = '7123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0';
const LINE_TOKEN =
  'eyJhbGciOiJIUzI1NiJ9.W3siY2hhbm5lbElkIjoiMTIzIn1dQWxsb3dlZA/' + 'kZ3Rva2VuX2Zvcl90ZXN0aW5nX29ubHk9PQ+abcXYZ09=';

describe('redact', () => {
  it('removes a Telegram bot token, alone and inside a Bot API URL', () => {
    expect(redact(`token ${BOT_TOKEN} refused`)).toBe('token [redacted] refused');
    expect(redact(`request to https://api.telegram.org/bot${BOT_TOKEN}/sendMessage failed, reason: ETIMEDOUT`)).toBe(
      'request to https://api.telegram.org/bot[redacted]/sendMessage failed, reason: ETIMEDOUT',
    );
  });

  it('removes bearer tokens and LINE channel access tokens quoted in a message', () => {
    expect(redact('Authorization: Bearer abc.DEF-123_xyz~+/=')).toBe('Authorization: Bearer [redacted]');
    const redacted = redact(`invalid channel access token ${LINE_TOKEN} (expired)`);
    expect(redacted).not.toMatch(/W3siY2|kZ3Rva2V|abcXYZ/);
    expect(redacted).toMatch(/^invalid channel access token .*\[redacted\].* \(expired\)$/);
  });

  it('removes phone numbers written with +, spaces, dashes and parentheses', () => {
    expect(redact('Bad Request: cannot send to +62 812-3456-7890')).toBe('Bad Request: cannot send to [redacted]');
    expect(redact('call (02) 2345 6789 or 0912345678')).toBe('call [redacted] or [redacted]');
    expect(redact('user +8613800138000 blocked')).toBe('user [redacted] blocked');
  });

  it('leaves ordinary error texts as they are', () => {
    for (const text of [
      '429: Too Many Requests: retry after 14',
      '400: Bad Request: chat not found',
      'LINE 400: The request body has 1 error(s)',
      'network: connect ECONNREFUSED 127.0.0.1:41235',
      'LINE 500: An error occurred in the API server (request 123456)',
      'https://api.line.me/v2/bot/message/push',
    ])
      expect(redact(text)).toBe(text);
  });
});
