import { sql, type Transaction } from 'kysely';
import type { Db } from './database';
import type { Database } from './schema';

/**
 * The figure generation (migration 1200): it advances at the commit of every transaction that
 * changed a row figures are read from, so figures cached under one generation are the figures
 * of every read made while it is current. One primary-key read of one row.
 */
export async function readFigureGeneration(db: Db): Promise<number> {
  const row = await db.selectFrom('figure_generation').select('generation').executeTakeFirst();
  return row?.generation ?? 0;
}

/**
 * Marks `trx` as changing figures without touching a figure table (the triggers do that for
 * row changes): a new configuration the figures are computed with. The generation advances
 * when `trx` commits.
 */
export async function noteFiguresChanged(trx: Transaction<Database>): Promise<void> {
  await sql`select paved_figures_changed()`.execute(trx);
}

/**
 * Both generations a cached page is keyed on (lib/response-cache): the figures' and the
 * collection's (migration 1400: collected rows and sync state pages show as they are). One
 * round trip.
 */
export async function readPageGenerations(db: Db): Promise<{ figures: number; collection: number }> {
  const { rows } = await sql<{ figures: string | null; collection: string | null }>`
    select (select generation from figure_generation) as figures,
           (select generation from collection_generation) as collection`.execute(db);
  return { figures: Number(rows[0]?.figures ?? 0), collection: Number(rows[0]?.collection ?? 0) };
}
