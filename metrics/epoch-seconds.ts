import { sql, type Expression, type RawBuilder } from 'kysely';

/**
 * A timestamp's Unix time in seconds (float8), for bucketing rows by day or week in SQL.
 * date_part rather than extract: since PostgreSQL 14 extract answers numeric, and its arithmetic
 * and cast cost about twice as much per row (the teams' rollup read spends a third of its time
 * there). Both give the same float8: the whole microseconds (exact as a double) divided by 10^6,
 * correctly rounded either way.
 */
export const epochSeconds = (timestamp: Expression<unknown> | RawBuilder<unknown>) =>
  sql<number>`date_part('epoch', ${timestamp})`;
