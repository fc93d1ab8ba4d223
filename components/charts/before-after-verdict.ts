/** Better, worse or the same after than before, given which way is better for the outcome. */
export function verdict(r: { before: number; after: number; better: 'lower' | 'higher' }): 'better' | 'worse' | 'same' {
  if (r.after === r.before) return 'same';
  return r.after < r.before === (r.better === 'lower') ? 'better' : 'worse';
}

/** The class the tiles colour a change with (app/globals.css). */
export const VERDICT_CLASS = { better: 'change-better', worse: 'change-worse', same: '' } as const;
