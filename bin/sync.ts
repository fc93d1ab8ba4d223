import { closeProcessDatabase, getProcessDatabase } from '../db/database';
import { runSync } from '../worker/run-sync';
import { prepare } from './prepare';
import { runCli } from './run-cli';

const args = process.argv.slice(2);
const unknown = args.filter((a) => a !== '--full');
if (unknown.length > 0) {
  process.stderr.write(`paved sync: unknown option ${unknown.join(' ')} (usage: npm run sync [-- --full])\n`);
  process.exit(2);
}

let stopWorker: (() => Promise<void>) | null = null;

runCli(
  'sync',
  async () => {
    const { loaded, mode } = await prepare();
    if (mode === 'demo')
      console.log(
        'No GitHub or PagerDuty source is configured: the demo organisation is shown. Configure one in paved.config.yaml.',
      );
    const { db, url } = await getProcessDatabase();
    const result = await runSync({
      db,
      url,
      loaded,
      full: args.includes('--full'),
      trigger: 'cli',
      onStopRequest: (stop) => (stopWorker = stop),
      onReport: (source, scope, report) => {
        const cost = [
          report.graphqlPoints ? `${report.graphqlPoints} GraphQL points` : '',
          report.restCalls ? `${report.restCalls} REST calls` : '',
        ]
          .filter(Boolean)
          .join(', ');
        console.log(
          `${source} ${scope}: ${report.rows} rows${cost ? ` (${cost})` : ''}${report.error ? ` — ${report.error}` : ''}`,
        );
      },
    });
    if (result.joined) console.log(`A sync was already under way; this command waited for it (run #${result.runId}).`);
    if (result.status === 'failed') throw new Error(result.errors.join('; '));
    console.log(`sync #${result.runId} succeeded`);
    return 0;
  },
  async () => {
    await stopWorker?.();
    await closeProcessDatabase();
  },
);
