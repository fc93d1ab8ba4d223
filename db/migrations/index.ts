import type { Migration, MigrationProvider } from 'kysely';
import * as initialSchema from './2026-11-28-0001-initial-schema';
import * as derivedDelivery from './2026-11-28-0200-derived-delivery';
import * as scorecards from './2026-11-28-0300-scorecards';
import * as organisationRollups from './2026-11-28-0400-organisation-rollups';
import * as repositoryFactHistory from './2026-11-28-0500-repository-fact-history';
import * as jobQueue from './2026-12-05-0600-job-queue';
import * as access from './2026-12-06-0700-access';
import * as collectedHistory from './2026-12-07-0900-collected-history';
import * as incidentOverrides from './2026-12-07-1100-incident-overrides';
import * as webhooks from './2026-12-07-1000-webhooks';
import * as figureGeneration from './2026-12-08-1200-figure-generation';
import * as notifications from './2026-12-08-1300-notifications';
import * as repositoriesRemoved from './2026-12-08-1300-repositories-removed';
import * as collectionGeneration from './2026-12-09-1400-collection-generation';
import * as teamRollups from './2026-12-09-1500-team-rollups';
import * as undeployedPullRequests from './2026-12-09-1600-undeployed-pull-requests';

/**
 * Migrations are listed in code, not globbed from a folder, so the Next.js bundler and
 * the CLI see the same set. Names sort in the order they apply.
 */
const MIGRATIONS: Record<string, Migration> = {
  '2026-11-28-0001-initial-schema': initialSchema,
  '2026-11-28-0200-derived-delivery': derivedDelivery,
  '2026-11-28-0300-scorecards': scorecards,
  '2026-11-28-0400-organisation-rollups': organisationRollups,
  '2026-11-28-0500-repository-fact-history': repositoryFactHistory,
  '2026-12-05-0600-job-queue': jobQueue,
  '2026-12-06-0700-access': access,
  '2026-12-07-0900-collected-history': collectedHistory,
  '2026-12-07-1000-webhooks': webhooks,
  '2026-12-07-1100-incident-overrides': incidentOverrides,
  '2026-12-08-1200-figure-generation': figureGeneration,
  '2026-12-08-1300-notifications': notifications,
  '2026-12-08-1300-repositories-removed': repositoriesRemoved,
  '2026-12-09-1400-collection-generation': collectionGeneration,
  '2026-12-09-1500-team-rollups': teamRollups,
  '2026-12-09-1600-undeployed-pull-requests': undeployedPullRequests,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};

export const LATEST_MIGRATION = Object.keys(MIGRATIONS).sort().at(-1)!;
