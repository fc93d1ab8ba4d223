import { sql, type Expression, type SqlBool } from 'kysely';
import type { PavedConfig } from '../../lib/config';

/** The configured urgencies and priorities, applied when deriving (incidents are all stored). */
export function incidentFilter(config: PavedConfig): { urgencies: string[]; priorities: string[] } {
  return {
    urgencies: (config.pagerduty?.urgencies ?? ['high', 'low']).map((u) => u.toLowerCase()),
    priorities: (config.pagerduty?.priorities ?? []).map((p) => p.toLowerCase()),
  };
}

/** SQL condition on `incidents` (aliased `i`) for the counted incidents. */
export function countedIncident(config: PavedConfig): Expression<SqlBool> {
  const { urgencies, priorities } = incidentFilter(config);
  const urgency = sql<SqlBool>`lower(coalesce(i.urgency, '')) in (${sql.join(urgencies.length ? urgencies : [''])})`;
  if (priorities.length === 0) return urgency;
  return sql<SqlBool>`(${urgency} and lower(coalesce(i.priority, '')) in (${sql.join(priorities)}))`;
}
