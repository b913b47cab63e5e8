// Fair tickets: a code a person can read out and an entrance can scan (as a QR code, drawn by the qrcode library).
import { randomInt } from 'node:crypto';
import QRCode from 'qrcode';

// Crockford's base32 without the letters people misread (I, L, O, U): 8 of them are 40 bits, too many to guess.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A new ticket code, "K7Q4-M9XP". */
export function newTicketCode(): string {
  const c = Array.from({ length: 8 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return `${c.slice(0, 4)}-${c.slice(4)}`;
}

/** A typed or scanned code as stored: upper case, the misread letters read as the digits they look like. */
export function normaliseTicketCode(input: string): string | null {
  const c = input
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/[OQ]/g, (ch) => (ch === 'O' ? '0' : ch))
    .replace(/[IL]/g, '1');
  return /^[0-9A-HJKMNP-TV-Z]{8}$/.test(c) ? `${c.slice(0, 4)}-${c.slice(4)}` : null;
}

/** The ticket's QR code as a PNG. */
export const ticketPng = (code: string): Promise<Buffer> =>
  QRCode.toBuffer(code, { type: 'png', width: 480, margin: 2, errorCorrectionLevel: 'M' });

/** Where the ticket's image is served (GET /tickets/:code.png). */
export const ticketPath = (code: string) => `/tickets/${encodeURIComponent(code)}.png`;
