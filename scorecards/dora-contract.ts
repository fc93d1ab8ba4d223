import type { getDoraFigures } from '../metrics/dora';

/** The metrics engine as scorecards use it: injected, so a benchmark can time evaluation alone with fixed figures. */
export type { DoraFigures } from '../metrics/dora';
export type GetDoraFigures = typeof getDoraFigures;
