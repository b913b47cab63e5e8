// The web page's identity cookie: HttpOnly, so the page's scripts never hold the token; Lax, so no other site posts
// with it. One cookie of a known shape needs no cookie library.
import type { FastifyRequest } from 'fastify';

export const USER_COOKIE = 'jb_user';
const YEAR = 365 * 24 * 3600;

/** The first value of the named cookie in a Cookie header. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

// Behind a TLS-terminating proxy the request itself is plain http.
const isHttps = (req: FastifyRequest) =>
  req.protocol === 'https' ||
  String(req.headers['x-forwarded-proto'] ?? '')
    .split(',')[0]
    ?.trim() === 'https';

/** Set-Cookie for a token, or for clearing the cookie when there is none. */
export function userCookie(req: FastifyRequest, token: string | null): string {
  const attrs = ['Path=/', 'HttpOnly', 'SameSite=Lax', `Max-Age=${token ? YEAR : 0}`];
  if (isHttps(req)) attrs.push('Secure');
  return [`${USER_COOKIE}=${token ?? ''}`, ...attrs].join('; ');
}
