import type { getDoraFigures } from '../metrics/dora';

/** The metrics engine as scorecards use it: injected, so rule tests can pass their own. */
export type { DoraFigures } from '../metrics/dora';
export type GetDoraFigures = typeof getDoraFigures;
