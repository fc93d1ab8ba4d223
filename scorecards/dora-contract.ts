import type { Db } from '../db/database';
import type { PavedConfig } from '../lib/config-schema';

/*
 * The contract of `metrics/dora.ts`, which the lead is writing in parallel. Until it is
 * merged these types mirror its announced exports exactly; once merged, this file becomes
 *
 *   import type { getDoraFigures } from '../metrics/dora';
 *   export type { DoraFigures, DoraScope, Level } from '../metrics/dora';
 *   export type GetDoraFigures = typeof getDoraFigures;
 *
 * and nothing else in scorecards/ changes: every module imports the types from here.
 */

export type Level = 'elite' | 'high' | 'medium' | 'low';
export type DoraScope = { type: 'organisation' } | { type: 'team'; slug: string } | { type: 'service'; slug: string } | { type: 'services'; ids: number[] };
export interface DoraFigures {
  deploymentFrequency: { deployments: number; perWeek: number; medianDeployDaysPerWeek: number; level: Level | null };
  leadTimeForChanges: { changes: number; medianSeconds: number | null; p75Seconds: number | null; p90Seconds: number | null; level: Level | null; stages: { codingSeconds: number | null; pickupSeconds: number | null; reviewSeconds: number | null; deploySeconds: number | null } };
  changeFailureRate: { deployments: number; failedDeployments: number; rate: number | null; level: Level | null };
  failedDeploymentRecoveryTime: { failedDeployments: number; recovered: number; medianSeconds: number | null; level: Level | null };
  timeToRestore: { incidents: number; resolved: number; medianSeconds: number | null };
  reworkRate: { deployments: number; reworkDeployments: number; rate: number | null };
}
export type GetDoraFigures = (db: Db, config: PavedConfig, scope: DoraScope, window: { from: Date; to: Date }) => Promise<DoraFigures>;
