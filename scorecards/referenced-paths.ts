import type { Rule } from './definition-schema';
import type { LoadedConfig } from '../lib/config';
import { loadScorecards, type LoadedScorecards } from './load-scorecards';

function pathsOf(rule: Rule): string[] {
  switch (rule.type) {
    case 'file_exists':
      return rule.paths;
    case 'file_matches':
      return [rule.path];
    case 'yaml_path':
    case 'json_path':
      return [rule.file];
    case 'all':
    case 'any':
      return rule.rules.flatMap(pathsOf);
    case 'not':
      return pathsOf(rule.rule);
    default:
      return [];
  }
}

/**
 * The repository files the scorecards read, so the GitHub collector fetches exactly those
 * (globs included, for it to expand against the tree).
 * @example referencedPaths(loadScorecards(loaded)) // ['CODEOWNERS', '.github/CODEOWNERS', …]
 */
export function referencedPaths(scorecards: LoadedScorecards): string[] {
  return [...new Set(scorecards.scorecards.flatMap((c) => c.checks.flatMap((check) => pathsOf(check.rule))))].sort();
}

/** The files the configured scorecards read, or none when the scorecards file is invalid (its evaluation reports why). */
export function scorecardFactPaths(loaded: LoadedConfig): string[] {
  try {
    return referencedPaths(loadScorecards(loaded));
  } catch {
    return [];
  }
}
