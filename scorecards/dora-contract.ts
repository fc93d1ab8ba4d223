import type { getDoraFigures } from '../metrics/dora';

/** The metrics engine as scorecards use it: injected, so rule tests can pass their own. */
export type { DoraFigures, DoraScope, Level } from '../metrics/dora';
export type GetDoraFigures = typeof getDoraFigures;
