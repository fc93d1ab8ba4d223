import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncSources } from '../../components/data-quality/sync-sources';
import { getSetting, GITHUB_BUDGETS_KEY, type GithubBudget } from '../../db/writes/settings';
import { getSyncStatus } from '../../metrics/sync-status';
import { dumpGithubTables, runGithubSource } from '../../tests/fakes/github/harness';
import { generateFakeOrganisation } from '../../tests/fakes/github/org';
import { startFakeGithub, type FakeGithub } from '../../tests/fakes/github/server';
import { createTestDatabase, type TestDatabase } from '../../tests/helpers/test-db';
import { createAppTokenCache, githubAppCredentials, TOKEN_REFRESH_MARGIN_MS } from './credentials';

const NOW = new Date('2026-11-20T12:00:00Z');
const APP_ID = 4242;
const INSTALLATION_ID = 77;
const rsaKey = () =>
  generateKeyPairSync('rsa', {
    modulusLength: 2048,
    // GitHub hands out PKCS#1 keys ("BEGIN RSA PRIVATE KEY").
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });

describe('GitHub App authentication against the fake GitHub', () => {
  const key = rsaKey();
  let fake: FakeGithub;
  let withToken: TestDatabase;
  let withApp: TestDatabase;
  const app = (overrides: Record<string, unknown> = {}) => ({
    token: undefined,
    app: { appId: APP_ID, privateKey: key.privateKey, ...overrides },
  });

  beforeAll(async () => {
    const org = generateFakeOrganisation({ repositories: 3, days: 30, end: NOW, seed: 11 });
    fake = await startFakeGithub(org, {
      now: () => NOW,
      app: {
        appId: APP_ID,
        publicKey: createPublicKey(key.publicKey),
        installations: [
          { id: 12, login: 'someone-else' },
          { id: INSTALLATION_ID, login: org.login },
        ],
      },
    });
    [withToken, withApp] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    expect((await runGithubSource(withToken.db, fake, { now: NOW })).error).toBeNull();
  });
  afterAll(async () => {
    await fake.close();
    await Promise.all([withToken.drop(), withApp.drop()]);
  });

  it('collects exactly what a personal token collects, spending the installation budget', async () => {
    const tokenBudget = fake.budget.remaining;
    const run = await runGithubSource(withApp.db, fake, { now: NOW, github: app() });
    expect(run.error).toBeNull();
    expect(await dumpGithubTables(withApp.db)).toEqual(await dumpGithubTables(withToken.db));
    expect(fake.budget.remaining).toBe(tokenBudget);
    const installationBudget = fake.app!.budgets.get(INSTALLATION_ID)!;
    expect(installationBudget.remaining).toBeLessThan(installationBudget.limit);
    // One token for the whole run: cached between the plan and every part.
    expect(fake.app!.tokensIssued).toBe(1);
    const budgets = await getSetting<Record<string, GithubBudget>>(withApp.db, GITHUB_BUDGETS_KEY);
    expect(budgets?.[`installation ${INSTALLATION_ID} (${fake.org.login})`]?.remaining).toBe(
      installationBudget.remaining,
    );
  });

  it("keeps each installation's REST budget apart from its GraphQL one, and the data-quality page shows both", async () => {
    const key = `installation ${INSTALLATION_ID} (${fake.org.login})`;
    const rest = fake.app!.restBudgets.get(INSTALLATION_ID)!;
    // The installation's REST requests were spent (Actions runs), and GitHub's headers said so.
    expect(rest.remaining).toBeLessThan(rest.limit);
    const status = await getSyncStatus(withApp.db);
    expect(status.githubRestBudgets[key]).toMatchObject({
      remaining: rest.remaining,
      limit: 12_500,
      resetAt: new Date(Math.floor(rest.resetAt.getTime() / 1000) * 1000).toISOString(),
    });
    const graphql = fake.app!.budgets.get(INSTALLATION_ID)!;
    const html = renderToStaticMarkup(createElement(SyncSources, { status, sources: [] }));
    const row = new RegExp(
      `<th scope="row">${key.replace(/[()]/g, '\\$&')}</th><td class="num">${graphql.remaining}</td><td>[^<]+</td><td class="num">${rest.remaining} of 12500</td>`,
    );
    expect(html).toMatch(row);
    expect(html).toContain('REST requests left');
  });

  it('refreshes an installation token that stops working mid-sync once, and the run still equals a token run', async () => {
    const t = await createTestDatabase();
    try {
      const issued = fake.app!.tokensIssued;
      let graphqlCalls = 0;
      const expiringFetch: typeof fetch = (input, init) => {
        if (String(input).endsWith('/graphql') && ++graphqlCalls === 4) fake.app!.expireTokens();
        return fetch(input, init);
      };
      const run = await runGithubSource(t.db, fake, { now: NOW, github: app(), fetch: expiringFetch });
      expect(run.error).toBeNull();
      expect(fake.app!.tokensIssued).toBe(issued + 2);
      expect(await dumpGithubTables(t.db)).toEqual(await dumpGithubTables(withToken.db));
    } finally {
      await t.drop();
    }
  });

  it('caches an installation token and replaces it before it expires', async () => {
    let clock = NOW.getTime();
    const credentials = githubAppCredentials(
      fake.url,
      { appId: APP_ID, privateKey: key.privateKey },
      createAppTokenCache(),
      { clock: () => clock },
    );
    const installation = await credentials.forOwner(fake.org.login.toUpperCase());
    expect(installation.budgetKey).toBe(`installation ${INSTALLATION_ID} (${fake.org.login})`);
    const issued = fake.app!.tokensIssued;
    const first = await installation.token();
    expect(await installation.token()).toBe(first);
    clock += 3_600_000 - TOKEN_REFRESH_MARGIN_MS + 1000;
    const second = await installation.token();
    expect(second).not.toBe(first);
    expect(fake.app!.tokensIssued).toBe(issued + 2);
  });

  it('fails the sync with a reason when the App key is wrong, the App is not installed, or an id is not configured', async () => {
    const t = await createTestDatabase();
    try {
      const wrongKey = await runGithubSource(t.db, fake, {
        now: NOW,
        github: app({ privateKey: rsaKey().privateKey }),
      });
      expect(wrongKey.error).toMatch(/GitHub App 4242 at .* could not list its installations: HTTP 401/);
      const elsewhere = await runGithubSource(t.db, fake, {
        now: NOW,
        github: { ...app(), organizations: ['not-installed'] },
      });
      expect(elsewhere.error).toContain('GitHub App 4242 is not installed on "not-installed"');
      const unlisted = await runGithubSource(t.db, fake, { now: NOW, github: app({ installationIds: [12] }) });
      expect(unlisted.error).toContain(`none of github.app.installationIds (12) is GitHub App 4242's installation`);
      const noFile = await runGithubSource(t.db, fake, {
        now: NOW,
        github: app({ privateKey: '/nonexistent/app.pem' }),
      });
      expect(noFile.error).toContain('cannot read "/nonexistent/app.pem" (ENOENT)');
      for (const run of [wrongKey, elsewhere, unlisted, noFile])
        expect(run.logs.join('\n')).not.toContain('PRIVATE KEY');
    } finally {
      await t.drop();
    }
  });

  it('reads the private key from a file path too', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'paved-app-')), 'app.pem');
    writeFileSync(file, key.privateKey, { mode: 0o600 });
    const credentials = githubAppCredentials(fake.url, { appId: APP_ID, privateKey: file }, createAppTokenCache());
    expect(await (await credentials.forOwner(fake.org.login)).token()).toMatch(/^ghs_/);
  });
});
