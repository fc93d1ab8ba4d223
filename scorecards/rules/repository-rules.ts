import { parseDocument } from 'yaml';
import type { RuleOf } from '../definition-schema';
import type { RepositoryFacts } from '../service-subjects';
import { checkCondition, parsePath, valueAtPath } from './condition';
import { fail, noData, pass, type Outcome } from './outcome';
import { satisfiesVersion } from './version';

/** False when the collector did not look the path up: its absence from the facts says nothing. */
function lookedUp(facts: RepositoryFacts, path: string): boolean {
  return !facts.lookedUp || facts.lookedUp.includes(path);
}

function fileOf(facts: RepositoryFacts, path: string): { found: boolean; content: string | null } | null {
  if (!facts.files || !lookedUp(facts, path)) return null;
  const entry = facts.files[path];
  return entry ? { found: true, content: entry.content } : { found: false, content: null };
}

/** `docs/adr/*.md`: `*` matches within one folder, `**` across folders. */
export function globToRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*\*/g, '\u0000')
    .replace(/\*/g, '[^/]*')
    .replace(/\?/g, '[^/]')
    .replace(/\u0000/g, '.*');
  return new RegExp(`^${body}$`);
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
  if (file.content === null) return noData(`the content of ${rule.path} was not collected (too large or binary)`);
  const matched = new RegExp(rule.pattern, rule.flags).test(file.content);
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
  if (file.content === null) return noData(`the content of ${rule.file} was not collected (too large or binary)`);
  let parsed: unknown;
  if (rule.type === 'json_path') {
    try {
      parsed = JSON.parse(file.content);
    } catch (error) {
      return fail(`${rule.file} is not valid JSON (${(error as Error).message})`);
    }
  } else {
    const doc = parseDocument(file.content);
    if (doc.errors.length > 0) return fail(`${rule.file} is not valid YAML (${doc.errors[0]!.message.split('\n')[0]})`);
    parsed = doc.toJS();
  }
  const result = checkCondition(`${rule.path} in ${rule.file}`, valueAtPath(parsed, parsePath(rule.path)), rule.expect);
  return result.ok ? pass(result.reason) : fail(result.reason);
}

const USES = /^\s*-?\s*uses:\s*["']?([^\s"'#@]+)(?:@([^\s"'#]+))?/gm;

/** Every `uses:` reference in the repository's workflows: actions and reusable workflows. */
export function workflowReferences(
  workflows: NonNullable<RepositoryFacts['workflows']>,
): { workflow: string; uses: string; ref: string | null }[] {
  return workflows.flatMap((w) =>
    [...(w.content ?? '').matchAll(USES)].map((m) => ({ workflow: w.path, uses: m[1]!, ref: m[2] ?? null })),
  );
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
