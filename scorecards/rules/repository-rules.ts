import { parseDocument } from 'yaml';
import { FILE_TOO_LARGE, MAX_COLLECTED_FILE_CHARS, MAX_YAML_ALIASES } from '../../lib/limits';
import type { RuleOf } from '../definition-schema';
import type { RepositoryFacts } from '../service-subjects';
import { boundedRegex } from './bounded-regex';
import { checkCondition, parsePath, valueAtPath } from './condition';
import { fail, noData, pass, type Outcome } from './outcome';
import { satisfiesVersion } from './version';

/** False when the collector did not look the path up: its absence from the facts says nothing. */
function lookedUp(facts: RepositoryFacts, path: string): boolean {
  return !facts.lookedUp || facts.lookedUp.includes(path);
}

type FileLookup = { found: false } | { found: true; content: string } | { found: true; content: null; why: string };

function fileOf(facts: RepositoryFacts, path: string): FileLookup | null {
  if (!facts.files || !lookedUp(facts, path)) return null;
  const entry = facts.files[path];
  if (!entry) return { found: false };
  const content = contentOf(entry);
  if (content !== null) return { found: true, content };
  // Facts from before the collector said why have only a null.
  return {
    found: true,
    content,
    why: entry.content === null ? (entry.omitted ?? 'too large or binary') : FILE_TOO_LARGE,
  };
}

/** The content a rule may read: none for a binary or oversized file (facts collected before the size cap may hold one). */
function contentOf(entry: { content: string | null; omitted?: string }): string | null {
  if (entry.content === null || entry.content.length > MAX_COLLECTED_FILE_CHARS) return null;
  return entry.content;
}

const notCollected = (path: string, why: string) => noData(`the content of ${path} was not collected (${why})`);

/** `docs/adr/*.md`: `*` matches within one folder, `**` across folders. */
export function globToRegExp(glob: string): { test(path: string): boolean } {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*\*/g, '\u0000')
    .replace(/\*/g, '[^/]*')
    .replace(/\?/g, '[^/]')
    .replace(/\u0000/g, '.*');
  return boundedRegex(`^${body}$`);
}

export function evaluateFileExists(rule: RuleOf<'file_exists'>, facts: RepositoryFacts): Outcome {
  if (!facts.files) return noData('the repository files were not collected');
  const present = Object.keys(facts.files);
  for (const p of rule.paths) {
    const found = /[*?]/.test(p)
      ? present.find((f) => globToRegExp(p).test(f))
      : facts.files[p] !== undefined
        ? p
        : undefined;
    if (found) return pass(`${found} exists`);
  }
  const unknown = rule.paths.filter((p) => !lookedUp(facts, p));
  if (unknown.length > 0)
    return noData(`${unknown.join(', ')} not collected yet (the next sync fetches the files the scorecards read)`);
  return fail(rule.paths.length === 1 ? `${rule.paths[0]} does not exist` : `none of ${rule.paths.join(', ')} exists`);
}

export function evaluateFileMatches(rule: RuleOf<'file_matches'>, facts: RepositoryFacts): Outcome {
  const file = fileOf(facts, rule.path);
  if (!file) return noData(`${rule.path} was not collected`);
  if (!file.found) return fail(`${rule.path} does not exist`);
  if (file.content === null) return notCollected(rule.path, file.why);
  const matched = boundedRegex(rule.pattern, rule.flags).test(file.content);
  if (rule.negate)
    return matched
      ? fail(`${rule.path} matches /${rule.pattern}/, which it must not`)
      : pass(`${rule.path} does not match /${rule.pattern}/`);
  return matched
    ? pass(`${rule.path} matches /${rule.pattern}/`)
    : fail(`${rule.path} does not match /${rule.pattern}/`);
}

export function evaluateStructuredPath(
  rule: RuleOf<'yaml_path'> | RuleOf<'json_path'>,
  facts: RepositoryFacts,
): Outcome {
  const file = fileOf(facts, rule.file);
  if (!file) return noData(`${rule.file} was not collected`);
  if (!file.found) return fail(`${rule.file} does not exist`);
  if (file.content === null) return notCollected(rule.file, file.why);
  const parsed = parseStructured(rule.type === 'json_path' ? 'JSON' : 'YAML', file.content);
  if (!parsed.ok) return fail(`${rule.file} is not valid ${parsed.format} (${parsed.problem})`);
  const result = checkCondition(
    `${rule.path} in ${rule.file}`,
    valueAtPath(parsed.value, parsePath(rule.path)),
    rule.expect,
  );
  return result.ok ? pass(result.reason) : fail(result.reason);
}

/** Parsed JSON or YAML, or why not: a syntax error, an alias bomb, nesting deeper than the stack. */
function parseStructured(
  format: 'JSON' | 'YAML',
  content: string,
): { ok: true; value: unknown } | { ok: false; format: string; problem: string } {
  const problem = (message: string) => ({ ok: false as const, format, problem: message.split('\n')[0]! });
  try {
    if (format === 'JSON') return { ok: true, value: JSON.parse(content) };
    const doc = parseDocument(content);
    if (doc.errors.length > 0) return problem(doc.errors[0]!.message);
    return { ok: true, value: doc.toJS({ maxAliasCount: MAX_YAML_ALIASES }) };
  } catch (error) {
    return problem((error as Error).message);
  }
}

/**
 * One `uses:` line, matched at a line's start (sticky) and kept within it: `[ \t]` where `\s`
 * would also match line breaks, which made the whole-file pattern this replaced cubic on blank
 * lines (a 4 KB workflow held the event loop for 19 s). No part can cross a line break, so each
 * attempt costs at most its line, and the whole file is read in linear time.
 */
const USES_LINE = /[ \t]*(?:-[ \t]*)?uses:[ \t]*["']?([^\s"'#@]+)(?:@([^\s"'#]+))?/y;

/** Every `uses:` reference in the repository's workflows: actions and reusable workflows. */
export function workflowReferences(
  workflows: NonNullable<RepositoryFacts['workflows']>,
): { workflow: string; uses: string; ref: string | null }[] {
  const refs: { workflow: string; uses: string; ref: string | null }[] = [];
  for (const w of workflows) {
    const content = contentOf(w);
    for (let start = 0; content !== null && start <= content.length;) {
      USES_LINE.lastIndex = start;
      const m = USES_LINE.exec(content);
      if (m) refs.push({ workflow: w.path, uses: m[1]!, ref: m[2] ?? null });
      const end = content.indexOf('\n', start);
      if (end === -1) break;
      start = end + 1;
    }
  }
  return refs;
}

export function evaluateWorkflowUses(rule: RuleOf<'workflow_uses'>, facts: RepositoryFacts): Outcome {
  if (!facts.workflows) return noData('the repository workflows were not collected');
  const refs = workflowReferences(facts.workflows).filter((r) => r.uses.toLowerCase() === rule.uses.toLowerCase());
  if (refs.length === 0) return fail(`no workflow uses ${rule.uses}`);
  if (!rule.version) return pass(`${refs[0]!.workflow} uses ${rule.uses}@${refs[0]!.ref ?? '(no ref)'}`);
  const ok = refs.find((r) => r.ref !== null && satisfiesVersion(r.ref, rule.version!));
  if (ok) return pass(`${ok.workflow} uses ${rule.uses}@${ok.ref}, satisfies ${rule.version}`);
  const seen = [...new Set(refs.map((r) => r.ref ?? '(no ref)'))].join(', ');
  return fail(`uses ${rule.uses}@${seen}, needs ${rule.version}`);
}
