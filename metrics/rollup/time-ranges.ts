import { sql, type RawBuilder } from 'kysely';

/** Instants [from, to); an empty list selects nothing, null selects all time. */
export type TimeRanges = { from: Date; to: Date }[] | null;

export function inRanges(column: RawBuilder<Date>, ranges: TimeRanges): RawBuilder<boolean> {
  if (ranges === null) return sql<boolean>`true`;
  if (ranges.length === 0) return sql<boolean>`false`;
  return sql<boolean>`(${sql.join(
    ranges.map((r) => sql`(${column} >= ${r.from} and ${column} < ${r.to})`),
    sql` or `,
  )})`;
}

/** UTC calendar day of an instant, as the rollups key it. */
export const utcDay = (column: RawBuilder<Date>) => sql<string>`(${column} at time zone 'UTC')::date`;
