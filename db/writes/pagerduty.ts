import type { Db } from '../database';
import type { NewIncident } from '../schema';
import { upsertRows } from './upsert';

export interface PagerdutyServiceInput {
  id: string;
  name: string;
  status: string | null;
  escalation_policy_id: string | null;
  escalation_policy_name: string | null;
  teams: { id: string; name: string | null }[];
  html_url: string | null;
  source: string;
}

export function upsertPagerdutyServices(db: Db, services: readonly PagerdutyServiceInput[]): Promise<number> {
  return upsertRows(
    db,
    'pagerduty_services',
    services.map((s) => ({ ...s, teams: JSON.stringify(s.teams), updated_at: new Date() })),
    ['id'],
  );
}

export function upsertIncidents(db: Db, incidents: readonly NewIncident[]): Promise<number> {
  return upsertRows(
    db,
    'incidents',
    incidents.map((i) => ({ ...i, updated_at: i.updated_at ?? new Date() })),
    ['source', 'external_id'],
  );
}
