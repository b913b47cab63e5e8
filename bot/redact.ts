// Error texts from platforms and HTTP clients may quote a URL with the bot token, an Authorization header, or a
// phone number from a message: those never reach the outbox's last_error or the logs.

const HIDDEN = '[redacted]';

// Telegram bot tokens, also inside /bot<token>/ URLs.
const TELEGRAM_TOKEN = /\d{6,}:[A-Za-z0-9_-]{30,}/g;
const BEARER = /\b(Bearer)\s+[A-Za-z0-9._~+/=-]+/gi;
// Any long opaque run of token characters that mixes digits and both cases: LINE channel access tokens, JWT parts.
const OPAQUE = /[A-Za-z0-9+/_-]{40,}={0,2}/g;
const looksRandom = (s: string) => /\d/.test(s) && /[a-z]/.test(s) && /[A-Z]/.test(s);
// 7 or more digits, possibly with a leading +, spaces, dashes and parentheses between them.
const PHONE = /\+?\(?\d(?:[ ()-]*\d){6,}/g;

export function redact(text: string): string {
  return text
    .replace(TELEGRAM_TOKEN, HIDDEN)
    .replace(BEARER, `$1 ${HIDDEN}`)
    .replace(OPAQUE, (run) => (looksRandom(run) ? HIDDEN : run))
    .replace(PHONE, HIDDEN);
}
