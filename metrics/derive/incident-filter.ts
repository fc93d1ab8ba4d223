import { sql, type Expression, type SqlBool } from 'kysely';
import type { Db } from '../../db/database';
import type { PavedConfig } from '../../lib/config';

/** Which incidents count: urgencies, priorities (empty: any), title and PagerDuty service name exclusions. */
export interface IncidentRule {
  urgencies: string[];
  priorities: string[];
  excludeTitles: string[];
  excludeServiceNames: string[];
}

const lower = (values: readonly string[]) => values.map((v) => v.toLowerCase());

/** The PagerDuty source's rule: the configured filters, applied when deriving (incidents are all stored). */
export function incidentFilter(config: PavedConfig): IncidentRule {
  return {
    urgencies: lower(config.pagerduty?.urgencies ?? ['high', 'low']),
    priorities: lower(config.pagerduty?.priorities ?? []),
    excludeTitles: lower(config.pagerduty?.excludeTitles ?? []),
    excludeServiceNames: lower(config.pagerduty?.excludeServiceNames ?? []),
  };
}

/** The services whose `incidents` settings replace parts of the source's rule, in config order. */
export function serviceIncidentRules(config: PavedConfig): { slug: string; rule: IncidentRule }[] {
  const base = incidentFilter(config);
  return config.catalog.services
    .filter((s) => s.incidents && (s.incidents.urgencies || s.incidents.priorities || s.incidents.excludeTitles))
    .map((s) => ({
      slug: s.slug,
      rule: {
        ...base,
        ...(s.incidents!.urgencies ? { urgencies: lower(s.incidents!.urgencies) } : {}),
        ...(s.incidents!.priorities ? { priorities: lower(s.incidents!.priorities) } : {}),
        ...(s.incidents!.excludeTitles ? { excludeTitles: lower(s.incidents!.excludeTitles) } : {}),
      },
    }));
}

// Substrings, not patterns: linear to match, and nothing to escape or get wrong.
const containsAny = (column: string, needles: readonly string[]) =>
  sql<SqlBool>`(${sql.join(
    needles.map((n) => sql`strpos(lower(${sql.ref(column)}), ${n}) > 0`),
    sql` or `,
  )})`;

function ruleCondition(rule: IncidentRule): Expression<SqlBool> {
  const parts = [
    sql<SqlBool>`lower(coalesce(i.urgency, '')) in (${sql.join(rule.urgencies.length ? rule.urgencies : [''])})`,
  ];
  if (rule.priorities.length) parts.push(sql`lower(coalesce(i.priority, '')) in (${sql.join(rule.priorities)})`);
  if (rule.excludeTitles.length) parts.push(sql`not ${containsAny('i.title', rule.excludeTitles)}`);
  if (rule.excludeServiceNames.length)
    parts.push(
      sql`not exists (select 1 from pagerduty_services ps where ps.id = i.pagerduty_service_id and ${containsAny('ps.name', rule.excludeServiceNames)})`,
    );
  return parts.length === 1 ? parts[0]! : sql<SqlBool>`(${sql.join(parts, sql` and `)})`;
}

/**
 * SQL condition on `incidents` (aliased `i`) for the counted incidents. A PagerDuty service of a
 * catalog service with its own `incidents` settings follows them (the first such service listed,
 * if it is linked to several); every other incident follows the source's rule.
 */
export function countedIncident(config: PavedConfig): Expression<SqlBool> {
  const base = ruleCondition(incidentFilter(config));
  const overrides = serviceIncidentRules(config);
  if (overrides.length === 0) return base;
  const whens = overrides.map(
    ({ slug, rule }) =>
      sql`when i.pagerduty_service_id in (select sp.pagerduty_service_id from service_pagerduty_services sp join services s on s.id = sp.service_id where s.slug = ${slug}) then ${ruleCondition(rule)}`,
  );
  return sql<SqlBool>`(case ${sql.join(whens, sql` `)} else ${base} end)`;
}

/** Each catalog service's own attribution window in hours, by slug, where it sets one. */
export function serviceAttributionHours(config: PavedConfig): Map<string, number> {
  return new Map(
    config.catalog.services
      .filter((s) => s.incidents?.attributionWindowHours !== undefined)
      .map((s) => [s.slug, s.incidents!.attributionWindowHours!]),
  );
}

/** Each catalog service's own attribution window in milliseconds, by service id, where it sets one. */
export async function serviceAttributionWindows(db: Db, config: PavedConfig): Promise<Map<number, number>> {
  const hours = serviceAttributionHours(config);
  if (hours.size === 0) return new Map();
  const rows = await db
    .selectFrom('services')
    .select(['id', 'slug'])
    .where('slug', 'in', [...hours.keys()])
    .execute();
  return new Map(rows.map((r) => [r.id, hours.get(r.slug)! * 3_600_000]));
}
