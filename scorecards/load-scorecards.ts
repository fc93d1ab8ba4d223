import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { DAY_MS, now } from '../lib/clock';
import type { LoadedConfig } from '../lib/config';
import { describeFound, formatPath, isMapping, parseYaml, valueAt } from '../lib/config-file-errors';
import { canonicalJson } from '../lib/canonical-json';
import {
  exemptionsFileSchema,
  scorecardsFileSchema,
  type CheckDefinition,
  type Exemption,
  type ScorecardDefinition,
  type ScorecardSettings,
} from './definition-schema';
import { resolveInitiatives, type LoadedInitiative } from './initiatives/validate-initiatives';

/** A problem in the scorecards file: which file, which check (when inside one), which key, why. */
export class ScorecardsError extends Error {
  constructor(
    readonly file: string,
    readonly checkId: string | null,
    readonly keyPath: string,
    readonly problem: string,
  ) {
    super(`${file}: ${checkId ? `check "${checkId}": ` : ''}${keyPath || '(root)'}: ${problem}`);
    this.name = 'ScorecardsError';
  }
}

export type LoadedCheck = CheckDefinition & { definitionHash: string };
export type LoadedScorecard = Omit<ScorecardDefinition, 'checks'> & { checks: LoadedCheck[] };

export interface LoadedScorecards {
  /** Absolute path of the file read. */
  file: string;
  /** Hash of the file's (and the exemptions file's) text: a change triggers re-evaluation. */
  fileHash: string;
  /** False when the file does not exist: nothing is evaluated. */
  present: boolean;
  settings: ScorecardSettings;
  scorecards: LoadedScorecard[];
  exemptions: Exemption[];
  /** Campaigns over the scorecards' checks, each resolved to its scorecard. */
  initiatives: LoadedInitiative[];
}

/**
 * The hash that names a check's series: its rule and filter, the parts that decide its
 * outcome. Renaming it or editing remediation, weight or level keeps the series.
 */
export function definitionHash(check: Pick<CheckDefinition, 'rule' | 'filter'>): string {
  return createHash('sha256')
    .update(canonicalJson({ rule: check.rule, filter: check.filter ?? null }))
    .digest('hex')
    .slice(0, 12);
}

/** Where the `scorecards` config key points: relative to the config file, else the working directory. */
export function scorecardsPath(loaded: Pick<LoadedConfig, 'config' | 'file'>, cwd = process.cwd()): string {
  const base = loaded.file ? path.dirname(loaded.file) : cwd;
  return path.resolve(/*turbopackIgnore: true*/ base, loaded.config.scorecards);
}

/**
 * Reads and validates the scorecards file the config names; `onRead` hears of each file (it and
 * its exemptions file) before it is read.
 * @example const scorecards = loadScorecards(loadConfig());
 */
export function loadScorecards(
  loaded: Pick<LoadedConfig, 'config' | 'file'>,
  options: { cwd?: string; at?: Date; onRead?: (file: string) => void } = {},
): LoadedScorecards {
  const file = scorecardsPath(loaded, options.cwd);
  options.onRead?.(file);
  if (!existsSync(file))
    return {
      file,
      fileHash: 'absent',
      present: false,
      settings: { maxExemptionDays: 180, factsMaxAgeDays: 7 },
      scorecards: [],
      exemptions: [],
      initiatives: [],
    };
  const text = readFileSync(file, 'utf8');
  return parseScorecardsText(text, file, {
    at: options.at,
    readSibling: (name) => readSibling(file, name, options.onRead),
  });
}

function readSibling(file: string, name: string, onRead?: (file: string) => void): { file: string; text: string } {
  const sibling = path.resolve(/*turbopackIgnore: true*/ path.dirname(file), name);
  onRead?.(sibling);
  if (!existsSync(sibling)) throw new ScorecardsError(file, null, 'exemptionsFile', `file not found: ${sibling}`);
  return { file: sibling, text: readFileSync(sibling, 'utf8') };
}

export function parseScorecardsText(
  text: string,
  file: string,
  options: { at?: Date; readSibling?: (name: string) => { file: string; text: string } } = {},
): LoadedScorecards {
  const raw = parseMapping(text, file);
  const result = scorecardsFileSchema.safeParse(raw);
  if (!result.success) throw toScorecardsError(result.error, raw, file);
  const data = result.data;
  let exemptions = data.exemptions.map((e, i) => ({ e, file, key: `exemptions[${i}]` }));
  let hashInput = text;
  if (data.exemptionsFile) {
    if (!options.readSibling)
      throw new ScorecardsError(
        file,
        null,
        'exemptionsFile',
        'an exemptions file can only be read from a file on disk',
      );
    const sibling = options.readSibling(data.exemptionsFile);
    const siblingRaw = parseMapping(sibling.text, sibling.file);
    const parsed = exemptionsFileSchema.safeParse(siblingRaw);
    if (!parsed.success) throw toScorecardsError(parsed.error, siblingRaw, sibling.file);
    exemptions = [
      ...exemptions,
      ...parsed.data.exemptions.map((e, i) => ({ e, file: sibling.file, key: `exemptions[${i}]` })),
    ];
    hashInput += `\u0000${sibling.text}`;
  }
  const at = options.at ?? now();
  for (const { e, file: where, key } of exemptions)
    validateExemption(e, data.scorecards, data.settings, at, where, key);
  const initiatives = resolveInitiatives(data.initiatives, data.scorecards);
  if (!initiatives.ok) throw new ScorecardsError(file, null, initiatives.keyPath, initiatives.problem);
  return {
    file,
    fileHash: createHash('sha256').update(hashInput).digest('hex').slice(0, 16),
    present: true,
    settings: data.settings,
    scorecards: data.scorecards.map((card) => ({
      ...card,
      checks: card.checks.map((check) => ({ ...check, definitionHash: definitionHash(check) })),
    })),
    exemptions: exemptions.map(({ e }) => e),
    initiatives: initiatives.initiatives,
  };
}

function validateExemption(
  e: Exemption,
  cards: ScorecardDefinition[],
  settings: ScorecardSettings,
  at: Date,
  file: string,
  key: string,
): void {
  const owners = cards.filter(
    (c) => (e.scorecard ? c.id === e.scorecard : true) && c.checks.some((check) => check.id === e.check),
  );
  if (e.scorecard && !cards.some((c) => c.id === e.scorecard))
    throw new ScorecardsError(file, e.check, `${key}.scorecard`, `no scorecard "${e.scorecard}"`);
  if (owners.length === 0)
    throw new ScorecardsError(
      file,
      e.check,
      `${key}.check`,
      `no check "${e.check}"${e.scorecard ? ` in scorecard "${e.scorecard}"` : ''}`,
    );
  if (owners.length > 1)
    throw new ScorecardsError(
      file,
      e.check,
      `${key}.scorecard`,
      `check "${e.check}" exists in several scorecards (${owners.map((c) => c.id).join(', ')}): name one`,
    );
  const from = e.granted ? Date.parse(`${e.granted}T00:00:00Z`) : at.getTime();
  const days = (Date.parse(`${e.expires}T00:00:00Z`) - from) / DAY_MS;
  if (days > settings.maxExemptionDays) {
    throw new ScorecardsError(
      file,
      e.check,
      `${key}.expires`,
      `${e.expires} is ${Math.ceil(days)} days after ${e.granted ? `granted (${e.granted})` : 'today'}; exemptions last at most ${settings.maxExemptionDays} days (settings.maxExemptionDays)`,
    );
  }
}

function parseMapping(text: string, file: string): unknown {
  const parsed = parseYaml(text);
  if (!parsed.ok) throw new ScorecardsError(file, null, '', parsed.problem);
  if (!isMapping(parsed.value)) throw new ScorecardsError(file, null, '', 'expected a mapping with a "scorecards" key');
  return parsed.value;
}

function toScorecardsError(error: z.ZodError, input: unknown, file: string): ScorecardsError {
  const issue = error.issues[0]!;
  let keys = issue.path as (string | number)[];
  if (issue.code === 'unrecognized_keys') keys = [...keys, issue.keys[0]!];
  // Name the check the problem sits in, and the key relative to it.
  let checkId: string | null = null;
  let rest = keys;
  const at = keys.findIndex((k, i) => k === 'checks' && keys[i - 2] === 'scorecards');
  if (at >= 0 && typeof keys[at + 1] === 'number') {
    const id = valueAt(input, [...keys.slice(0, at + 2), 'id']);
    checkId = typeof id === 'string' ? id : `#${(keys[at + 1] as number) + 1}`;
    rest = keys.slice(at + 2);
  } else if (keys[0] === 'exemptions' && typeof keys[1] === 'number') {
    const named = valueAt(input, ['exemptions', keys[1], 'check']);
    checkId = typeof named === 'string' ? named : null;
  }
  const found = valueAt(input, keys);
  let problem: string;
  if (issue.code === 'unrecognized_keys') problem = 'unknown key';
  else if (issue.code === 'invalid_union' && 'note' in issue && issue.note === 'No matching discriminator') {
    problem =
      found === undefined
        ? `a rule needs a type (one of ${(issue as { options?: unknown[] }).options?.join(', ')})`
        : `unknown rule type ${JSON.stringify(found)} (known: ${(issue as { options?: unknown[] }).options?.join(', ')})`;
  } else if (issue.code === 'invalid_type') problem = `expected ${issue.expected}, found ${describeFound(found)}`;
  else
    problem = `${issue.message.replace(/^Invalid (string|input): /, '')}${found !== undefined && typeof found !== 'object' ? ` (found ${describeFound(found)})` : ''}`;
  return new ScorecardsError(file, checkId, formatPath(rest), problem);
}
