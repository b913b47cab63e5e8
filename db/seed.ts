// Demo data for a first start on the embedded database; runs once per database.
import type { Db } from './client.js';
import { appMeta } from './schema.js';

export async function seedDemo(db: Db, _now: Date): Promise<boolean> {
  const inserted = await db.insert(appMeta).values({ key: 'seed', value: 'demo' }).onConflictDoNothing().returning();
  return inserted.length > 0;
}
