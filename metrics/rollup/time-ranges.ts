import { sql, type RawBuilder } from 'kysely';

/** Instants [from, to), each labelled with a key the aggregates are grouped by; null selects all time (key 0). */
export type KeyedRanges = { key: number; from: Date; to: Date }[] | null;

/** UTC calendar day of an instant, as the rollups key it. */
export const utcDay = (column: RawBuilder<Date>) => sql<string>`(${column} at time zone 'UTC')::date`;
