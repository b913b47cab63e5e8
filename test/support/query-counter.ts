// Counts the calls a bot makes on its database (each select, insert, update, execute or transaction), so a test can
// say "nothing queried" over a stretch of time. Listening for notifications is on its own connection, not counted.
import type { Database } from '../../db/client.js';

export interface CountedDatabase {
  database: Database;
  count(): number;
}

export function countQueries(database: Database): CountedDatabase {
  let calls = 0;
  const db = new Proxy(database.db, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls++;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { database: { ...database, db }, count: () => calls };
}
