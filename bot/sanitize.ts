// Postgres text and jsonb refuse NUL characters and unpaired UTF-16 surrogates: one such character must not cost a
// message (or, for a webhook, make the platform redeliver it forever). Every string in an event is made storable.

/** Real payloads nest a handful of levels; a hostile one may nest thousands, which would exhaust the stack. */
export const MAX_DEPTH = 32;

/** A copy with every string cleaned; values nested deeper than MAX_DEPTH become null. */
export function storable<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return value.replace(/\u0000/g, '').toWellFormed() as T;
  if (!value || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return null as T;
  if (Array.isArray(value)) return value.map((v) => storable(v, depth + 1)) as T;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [storable(k), storable(v, depth + 1)])) as T;
}
