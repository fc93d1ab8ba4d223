import { runSync } from '../collectors/runner';
import { closeProcessDatabase, getDb } from '../db/database';
import { deriveAll } from '../scorecards/derive-all';
import { scorecardFactPaths } from '../scorecards/referenced-paths';
import { prepare } from './prepare';
import { runCli } from './run-cli';

const args = process.argv.slice(2);
const unknown = args.filter((a) => a !== '--full');
if (unknown.length > 0) {
  process.stderr.write(`paved sync: unknown option ${unknown.join(' ')} (usage: npm run sync [-- --full])\n`);
  process.exit(2);
}

runCli(
  'sync',
  async () => {
    const { loaded, mode } = await prepare();
    if (mode === 'demo')
      console.log(
        'No GitHub or PagerDuty source is configured: the demo organisation is shown. Configure one in paved.config.yaml.',
      );
    const result = await runSync({
      db: await getDb(),
      loaded,
      full: args.includes('--full'),
      trigger: 'cli',
      derive: deriveAll,
      factPaths: scorecardFactPaths(loaded),
      onProgress: (source, scope, report) => {
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
    if (result.status === 'skipped') {
      console.log('Another sync is running against this database; nothing to do.');
      return 0;
    }
    if (result.status === 'failed') {
      throw new Error(result.errors.join('; '));
    }
    console.log(`sync #${result.runId} succeeded`);
    return 0;
  },
  closeProcessDatabase,
);
