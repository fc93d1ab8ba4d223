/**
 * Bounds on what repository content (which anyone who can push controls) may cost. The
 * collector stores no file longer than this; the rules skip a longer one stored before the
 * cap existed.
 */
export const MAX_COLLECTED_FILE_CHARS = 256 * 1024;

/** Why a file's content is not kept, in the words a check's reason shows. */
export const FILE_TOO_LARGE = `larger than ${MAX_COLLECTED_FILE_CHARS / 1024} KiB, the limit for collected files`;

/**
 * YAML aliases expand on reading: a few lines can stand for gigabytes (the "billion laughs").
 * The yaml package throws past this many alias expansions; the file's check fails with why.
 */
export const MAX_YAML_ALIASES = 100;

/** A check's reason is read on a page and stored per service and day: long enough for every repository, never a file. */
export const MAX_REASON_CHARS = 2000;

/** The text cut to `max` characters, saying how much was left out. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const tail = `… (${text.length - max} more characters)`;
  return text.slice(0, Math.max(0, max - tail.length)) + tail;
}
