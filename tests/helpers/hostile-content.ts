/** Repository content written to hurt: shared by the collector's and the scorecards' tests. */

/** The "billion laughs": nine aliases deep, each level ten of the one below. */
export const ALIAS_BOMB = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ...'bcdefghi'
    .split('')
    .map((k, i) => `${k}: &${k} [${Array.from({ length: 9 }, () => `*${'abcdefghi'[i]}`).join(',')}]`),
  'kind: Component',
  'metadata: { name: bomb }',
  'spec: { owner: *i }',
].join('\n');
