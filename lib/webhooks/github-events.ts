import { z } from 'zod';
import type { GithubConfig } from '../config-schema';
import { describeIssue, ignore, type DeliveryPlan, type RoutedDelivery } from './plan';

const name = z.string().min(1).max(300);
const repository = z.object({
  full_name: z.string().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/),
  default_branch: name,
});
const withRepository = z.object({ action: name.optional(), repository });

/** The pull-request actions that change what Paved counts (opened, merged or closed, labels for rework). */
const PULL_REQUEST_ACTIONS = new Set(['opened', 'reopened', 'closed', 'merged', 'labeled', 'unlabeled']);
/** Repository changes the listing reads: archived, renamed, moved, new, deleted, visibility, default branch. */
const REPOSITORY_ACTIONS = new Set([
  'archived',
  'deleted',
  'unarchived',
  'renamed',
  'transferred',
  'created',
  'edited',
  'privatized',
  'publicized',
]);
/** App installations that give Paved repositories it has not listed yet. */
const INSTALLATION_ACTIONS: Record<string, Set<string>> = {
  installation: new Set(['created', 'new_permissions_accepted', 'unsuspend']),
  // Removed ones too: the sync marks what the installation no longer shows as removed.
  installation_repositories: new Set(['added', 'removed']),
};

/** The GitHub events that can change a figure, and what each re-reads. */
export const GITHUB_EVENTS = [
  'push',
  'pull_request',
  'deployment',
  'deployment_status',
  'workflow_run',
  'repository',
  'installation',
  'installation_repositories',
] as const;

/** Whether the configured organisations or repositories include `fullName` (GitHub names ignore case). */
export function githubRepositoryInScope(
  config: Pick<GithubConfig, 'organizations' | 'repositories'>,
  fullName: string,
) {
  const lower = fullName.toLowerCase();
  const owner = lower.split('/')[0];
  return (
    config.organizations.some((o) => o.toLowerCase() === owner) ||
    config.repositories.some((r) => r.toLowerCase() === lower)
  );
}

function planFor(event: string, payload: z.infer<typeof withRepository> & { ref?: string }): DeliveryPlan {
  const action = payload.action ?? '';
  switch (event) {
    case 'push':
      return payload.ref === `refs/heads/${payload.repository.default_branch}`
        ? { kind: 'refresh', target: payload.repository.full_name }
        : ignore('a push to another branch or a tag');
    case 'pull_request':
      return PULL_REQUEST_ACTIONS.has(action)
        ? { kind: 'refresh', target: payload.repository.full_name }
        : ignore(`pull_request ${action} changes no figure`);
    case 'deployment':
    case 'deployment_status':
      return { kind: 'refresh', target: payload.repository.full_name };
    case 'workflow_run':
      return action === 'completed'
        ? { kind: 'refresh', target: payload.repository.full_name }
        : ignore('only completed workflow runs are read');
    case 'repository':
      return REPOSITORY_ACTIONS.has(action)
        ? { kind: 'refresh', target: payload.repository.full_name }
        : ignore(`repository ${action}: the next sync reconciles it`);
    default:
      return ignore(`${event} events are not used`);
  }
}

/**
 * Reads a verified GitHub delivery: `event` and `deliveryId` come from the X-GitHub-Event and
 * X-GitHub-Delivery headers. Only the fields that name what changed are read; a supported
 * event without them is malformed (400). Repositories outside the configuration are ignored.
 */
export function routeGithubDelivery(
  event: string,
  deliveryId: string,
  payload: unknown,
  config: Pick<GithubConfig, 'organizations' | 'repositories'>,
): RoutedDelivery {
  const base = { deliveryId, event };
  const action = z.object({ action: name.optional() }).safeParse(payload);
  if (!action.success) return { ok: false, problem: describeIssue(action.error) };
  const act = action.data.action ?? null;
  if (!(GITHUB_EVENTS as readonly string[]).includes(event)) {
    return { ok: true, ...base, action: act, plan: ignore(`${event} events are not used`) };
  }
  if (event in INSTALLATION_ACTIONS) {
    const plan = INSTALLATION_ACTIONS[event]!.has(act ?? '')
      ? { kind: 'sync' as const, reason: `${event} ${act}` }
      : ignore(`${event} ${act}: the next sync reconciles it`);
    return { ok: true, ...base, action: act, plan };
  }
  const parsed = withRepository.extend({ ref: z.string().max(1000).optional() }).safeParse(payload);
  if (!parsed.success) return { ok: false, problem: describeIssue(parsed.error) };
  const plan = planFor(event, parsed.data);
  if (plan.kind === 'refresh' && !githubRepositoryInScope(config, plan.target)) {
    return {
      ok: true,
      ...base,
      action: act,
      plan: ignore(`${plan.target} is not in github.organizations or repositories`),
    };
  }
  return { ok: true, ...base, action: act, plan };
}
