import type { Queryable } from '../database.js';

/** Stores an SDL under its hash; storing the same SDL twice is a no-op (content addressing). */
export async function storeSchema(db: Queryable, hash: string, sdl: string): Promise<void> {
  await db.query('INSERT INTO schemas (hash, sdl) VALUES ($1, $2) ON CONFLICT (hash) DO NOTHING', [
    hash,
    sdl,
  ]);
}
