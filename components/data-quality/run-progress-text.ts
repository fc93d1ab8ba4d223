import type { RunProgress } from '@/metrics/sync-status';

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

/** One line that says where a sync run is: queued, how far collection has got, deriving, or how it ended. */
export function describeRunProgress(run: RunProgress): { tone: 'ok' | 'error' | 'busy'; text: string } {
  const id = `run ${run.runId}`;
  switch (run.status) {
    case 'queued':
      return { tone: 'busy', text: `Sync queued (${id}): waiting for a worker…` };
    case 'running': {
      const cost = [
        run.graphqlPoints ? plural(run.graphqlPoints, 'GraphQL point', 'GraphQL points') : '',
        run.restCalls ? plural(run.restCalls, 'REST call', 'REST calls') : '',
      ].filter(Boolean);
      const now = run.current.map((c) => `${c.scope}${c.stream && c.stream !== c.scope ? ` (${c.stream})` : ''}`);
      const repositories =
        run.repositories.total > 0
          ? `${run.repositories.done.toLocaleString('en')} of ${plural(run.repositories.total, 'repository', 'repositories')}`
          : `${run.parts.settled} of ${plural(run.parts.total, 'part', 'parts')}`;
      return {
        tone: 'busy',
        text: `Syncing (${id}): ${repositories} done${cost.length ? `, ${cost.join(' and ')} spent` : ''}${now.length ? `; now ${now.join(', ')}` : ''}.`,
      };
    }
    case 'deriving':
      return { tone: 'busy', text: `Collected (${id}); recomputing metrics and scorecards…` };
    case 'succeeded':
      return { tone: 'ok', text: `Sync succeeded (${id}).` };
    default:
      return {
        tone: 'error',
        text: `Sync ${run.status} (${id})${run.error ? `: ${run.error.split('\n').join('; ')}` : ''}.`,
      };
  }
}
