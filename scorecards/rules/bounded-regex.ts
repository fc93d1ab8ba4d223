import { RE2JS } from 're2js';

/**
 * Patterns from the scorecards file run on repository content, which anyone who can push
 * controls; a backtracking engine can take exponential time on the right input. RE2 matches
 * in time linear in the input, so it refuses what needs backtracking (backreferences,
 * lookahead); the file is checked against it when loaded.
 */
const FLAG_BITS: Record<string, number> = {
  i: RE2JS.CASE_INSENSITIVE,
  m: RE2JS.MULTILINE,
  s: RE2JS.DOTALL,
  // RE2 always matches by code point.
  u: 0,
};

const compiled = new Map<string, RE2JS>();

/** The pattern compiled for RE2 (memoised: every service runs the same few patterns). Throws on a pattern RE2 refuses. */
export function boundedRegex(pattern: string, flags = ''): RE2JS {
  const key = `${flags}/${pattern}`;
  let re = compiled.get(key);
  if (!re) {
    const bits = [...flags].reduce((all, f) => all | (FLAG_BITS[f] ?? 0), 0);
    re = RE2JS.compile(pattern, bits);
    compiled.set(key, re);
  }
  return re;
}

/** Why RE2 refuses the pattern, or null when it compiles. */
export function boundedRegexProblem(pattern: string, flags = ''): string | null {
  try {
    boundedRegex(pattern, flags);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}
