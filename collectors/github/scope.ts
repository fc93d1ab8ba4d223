import type { Db } from '../../db/database';
import type { StreamKey } from '../../db/writes/sync-state';
import { GithubError, type GithubClient } from './client';

/** One repository's collection context, shared by its streams. */
export interface RepositoryScope {
  db: Db;
  client: GithubClient;
  repositoryId: number;
  owner: string;
  name: string;
  fullName: string;
  defaultBranch: string;
  now: Date;
  /** The start of the backfill window (ISO): nothing older is collected. */
  backfillSince: string;
  /** Ignore cursors and re-read the window. */
  full: boolean;
}

export type StreamName = 'commits' | 'pull-requests' | 'deployments' | 'actions-runs' | 'facts';

export function streamKey(scope: Pick<RepositoryScope, 'fullName'>, stream: StreamName): StreamKey {
  return { source: 'github', scope: scope.fullName, stream };
}

interface SafeParser<T> {
  safeParse(
    value: unknown,
  ): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
}

/** Validates a GitHub response at the edge; the error names what was read and the field. */
export function parseResponse<T>(schema: SafeParser<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new GithubError(
    `unexpected GitHub response for ${what}: ${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`,
  );
}

export const maxIso = (a: string | null, b: string | null): string | null =>
  a === null ? b : b === null ? a : a > b ? a : b;
