import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type APIRequestContext } from '@playwright/test';
import pg from 'pg';
import { startEmbeddedPostgres } from '../db/embedded';
import { generateAccount } from '../tests/fakes/pagerduty/account';
import { startFakePagerduty } from '../tests/fakes/pagerduty/server';
import { startLatencyProxy, type InjectedAnswer } from '../tests/helpers/latency-proxy';
import { DAY_MS } from '../lib/clock';

/**
 * `npm start` as users run it (npm → supervisor → PostgreSQL, worker, web) with a PagerDuty
 * that answers 429, then 5xx, then 401 while scheduled syncs run: each run ends, the next
 * proceeds, the web server keeps answering, and SIGTERM to npm stops every part in order.
 */
const NOW = new Date('2026-06-01T12:00:00Z');
const TOKEN = 'pd-deployed-token';
const PORT = 3190;

/** Every process below `pid`, from /proc. */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      const ppid = Number(readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const out: number[] = [];
  const visit = (p: number) => (children.get(p) ?? []).forEach((c) => (out.push(c), visit(c)));
  visit(pid);
  return out;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function runStatus(
  request: APIRequestContext,
  id: number,
): Promise<{ status: string; error: string | null } | null> {
  const response = await request.get(`http://127.0.0.1:${PORT}/api/v1/sync/runs/${id}`);
  return response.ok() ? ((await response.json()) as { status: string; error: string | null }) : null;
}

test('npm start: PagerDuty 429, 5xx and 401 on scheduled runs end cleanly and the next proceeds; SIGTERM to npm stops web, worker, then PostgreSQL', async ({
  request,
}) => {
  test.setTimeout(240_000);
  const account = generateAccount({
    seed: 3,
    services: 2,
    incidents: 60,
    from: new Date(NOW.getTime() - 60 * DAY_MS),
    to: NOW,
  });
  const pagerduty = await startFakePagerduty({ token: TOKEN, account, now: NOW });
  let fault: { answer: InjectedAnswer; times: number } | null = null;
  const proxy = await startLatencyProxy(pagerduty.url, 5, () => {
    if (!fault || fault.times === 0) return null;
    fault.times -= 1;
    return fault.answer;
  });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'paved-deployed-'));
  chmodSync(dir, 0o755); // as root, PostgreSQL runs as "postgres", which must enter the data's folders
  const config = path.join(dir, 'paved.config.yaml');
  writeFileSync(
    config,
    `pagerduty:\n  apiUrl: ${proxy.url}\n  token: ${TOKEN}\n  backfillDays: 60\nschedule:\n  sync: "*/3 * * * * *"\nscorecards: ${path.resolve('scorecards.yaml')}\n`,
  );
  const dataDir = path.join(dir, 'data');
  const npm = spawn('npm', ['start'], {
    env: {
      ...process.env,
      PORT: String(PORT),
      HOST: '127.0.0.1',
      PAVED_DATA_DIR: dataDir,
      PAVED_CONFIG: config,
      PAVED_NOW: NOW.toISOString(),
      DATABASE_URL: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  npm.stdout.on('data', (d: Buffer) => (output += d.toString()));
  npm.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => npm.once('exit', (code) => resolve(code)));
  try {
    await expect
      .poll(async () => (await request.get(`http://127.0.0.1:${PORT}/api/ready`).catch(() => null))?.status(), {
        timeout: 120_000,
      })
      .toBe(200);

    // The runs, read straight from the database the supervisor started (attaching, not owning it).
    const database = await startEmbeddedPostgres(dataDir);
    const runs = new pg.Client({ connectionString: database.url });
    await runs.connect();
    const newestRun = async () =>
      Number((await runs.query<{ id: string | null }>('select max(id) as id from sync_runs')).rows[0]?.id ?? 0);
    const ended = async (id: number) => {
      await expect
        .poll(async () => (await runStatus(request, id))?.status, { timeout: 60_000 })
        .toMatch(/^(succeeded|failed)$/);
      return (await runStatus(request, id))!;
    };
    /** The first run requested from now on (ids have gaps: a tick that joins a run still draws one), once ended. */
    const nextRun = async () => {
      const after = await newestRun();
      let id = 0;
      await expect
        .poll(
          async () =>
            (id = Number(
              (await runs.query<{ id: string | null }>('select min(id) as id from sync_runs where id > $1', [after]))
                .rows[0]?.id ?? 0,
            )),
          { timeout: 30_000 },
        )
        .toBeGreaterThan(0);
      return ended(id);
    };

    expect((await nextRun()).status).toBe('succeeded');
    // A one-off 429, then 502s: whichever run meets them retries and succeeds, and so does the next.
    for (const answer of [
      {
        status: 429,
        body: '{"error":{"message":"Rate Limit Exceeded","code":2020}}',
        headers: { 'ratelimit-reset': '1' },
      },
      { status: 502, body: 'bad gateway' },
    ]) {
      const current = { answer, times: answer.status === 429 ? 1 : 2 };
      fault = current;
      await expect.poll(() => current.times, { timeout: 30_000 }).toBe(0);
      const met = await newestRun();
      expect((await ended(met)).status).toBe('succeeded');
      expect((await nextRun()).status).toBe('succeeded');
    }
    // A revoked token: the run fails cleanly and says why; once it is fixed, the next run succeeds.
    fault = { answer: { status: 401, body: '{"error":{"message":"Unauthorized","code":2006}}' }, times: 1_000_000 };
    expect(await nextRun()).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/rejected the token \(401\)/),
    });
    fault = null;
    expect((await nextRun()).status).toBe('succeeded');
    expect((await request.get(`http://127.0.0.1:${PORT}/api/health`)).status()).toBe(200);

    await runs.end();
    const tree = descendants(npm.pid!);
    expect(tree.length).toBeGreaterThanOrEqual(3); // supervisor, PostgreSQL, worker, web
    npm.kill('SIGTERM');
    expect(await exited).toBe(0);
    await expect.poll(() => tree.filter(alive), { timeout: 20_000 }).toEqual([]);
    expect(output).toMatch(/stopping: web server and worker first, then the database/);
    expect(output).not.toMatch(/uncaught|unhandled/i);

    // Nothing was left running: the runs table, read from the stopped server's data directory.
    const server = await startEmbeddedPostgres(dataDir);
    try {
      const client = new pg.Client({ connectionString: server.url });
      await client.connect();
      const { rows } = await client.query(
        `select id, status from sync_runs where status in ('queued', 'running', 'deriving')`,
      );
      await client.end();
      expect(rows).toEqual([]);
    } finally {
      await server.stop();
    }
  } finally {
    if (test.info().errors.length > 0) writeFileSync(path.join(dir, 'npm-start.log'), output);
    if (npm.exitCode === null) npm.kill('SIGKILL');
    await proxy.close();
    await pagerduty.close();
  }
});
