// Postgres text and jsonb refuse NUL characters and unpaired UTF-16 surrogates: one such character must not cost a
// message (or, for a webhook, make the platform redeliver it forever). Every string in an event is made storable.
export function storable<T>(value: T): T {
  if (typeof value === 'string') return value.replace(/\u0000/g, '').toWellFormed() as T;
  if (Array.isArray(value)) return value.map(storable) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [storable(k), storable(v)])) as T;
  }
  return value;
}
