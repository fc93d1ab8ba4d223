import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import Provider from 'oidc-provider';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedServer } from '../db/embedded';
import { startSecondServer } from './second-server';

/**
 * Sign-in end to end: a real OpenID provider (oidc-provider) and a second Paved server with
 * `auth.oidc` pointing at it, on a database of its own. The main e2e server runs without auth.
 */
const base = Number(process.env.E2E_PORT ?? 3100);
const PAVED_PORT = base + 100;
const ISSUER_PORT = base + 200;
const PAVED = `http://127.0.0.1:${PAVED_PORT}`;
const ISSUER = `http://127.0.0.1:${ISSUER_PORT}`;

let issuer: Server;
let database: EmbeddedServer;
let paved: Awaited<ReturnType<typeof startSecondServer>>;
let dir: string;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  const provider = new Provider(ISSUER, {
    clients: [
      {
        client_id: 'paved-e2e',
        token_endpoint_auth_method: 'none',
        redirect_uris: [`${PAVED}/auth/callback`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], groups: ['groups'] },
    scopes: ['openid', 'email', 'groups'],
    // Any login name is an account; "admin…" accounts are in the platform group.
    findAccount: (_ctx: unknown, id: string) => ({
      accountId: id,
      claims: () => ({
        sub: id,
        email: id.includes('@') ? id : `${id}@example.com`,
        email_verified: true,
        groups: id.startsWith('admin') ? ['platform'] : ['engineering'],
      }),
    }),
    pkce: { required: () => true },
  });
  issuer = provider.listen(ISSUER_PORT);

  // Under the checkout, as the main e2e server's data: as root, PostgreSQL's user must reach it.
  dir = path.resolve('.test-data/e2e-auth');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  database = await startEmbeddedPostgres(path.join(dir, 'pg'));
  const config = path.join(dir, 'paved.yaml');
  writeFileSync(
    config,
    [
      'schedule:',
      '  enabled: false',
      'auth:',
      '  oidc:',
      `    issuer: ${ISSUER}`,
      '    clientId: paved-e2e',
      '    scopes: [openid, email, groups]',
      '  roles:',
      '    admin:',
      '      groups: [platform]',
      '    viewer:',
      '      domains: [example.com]',
      '      emails: [guest@partner.org]',
      '',
    ].join('\n'),
  );
  paved = await startSecondServer(PAVED_PORT, { PAVED_CONFIG: config, DATABASE_URL: database.url, PAVED_NOW: '' });
});

test.afterAll(async () => {
  await paved?.stop();
  issuer?.close();
  await database?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Through the provider's login and consent pages, as a person would. */
async function signIn(page: Page, login: string, startAt = '/services') {
  await page.goto(`${PAVED}${startAt}`);
  await expect(page).toHaveURL(new RegExp(`^${ISSUER}/`));
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await consentIfAsked(page);
}

async function consentIfAsked(page: Page) {
  await page.waitForURL((url) => url.origin === PAVED || url.pathname.includes('interaction'));
  if (new URL(page.url()).origin === ISSUER) await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL((url) => url.origin === PAVED);
}

test('without a session, pages redirect to the provider and the API answers 401', async ({ request }) => {
  const page = await request.get(`${PAVED}/teams`, { maxRedirects: 0 });
  expect(page.status()).toBe(303);
  expect(new URL(page.headers()['location']!, PAVED).href).toBe(`${PAVED}/auth/sign-in?next=%2Fteams`);
  const signIn = await request.get(`${PAVED}/auth/sign-in?next=%2Fteams`, { maxRedirects: 0 });
  expect(signIn.status()).toBe(303);
  const authorize = new URL(signIn.headers()['location']!);
  expect(authorize.origin).toBe(ISSUER);
  expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
  expect(authorize.searchParams.get('redirect_uri')).toBe(`${PAVED}/auth/callback`);
  const api = await request.get(`${PAVED}/api/v1/services`);
  expect(api.status()).toBe(401);
  expect((await api.json()).error.code).toBe('unauthorized');
  expect((await request.get(`${PAVED}/api/health`)).status()).toBe(200);
});

test('a viewer signs in, reads pages, gets 403 on admin actions, and signs out', async ({ page }) => {
  await signIn(page, 'vera');
  await expect(page).toHaveURL(`${PAVED}/services`);
  await expect(page.getByTestId('account')).toContainText('vera@example.com (viewer)');
  const cookie = (await page.context().cookies()).find((c) => c.name === 'paved_session')!;
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: false });
  expect(cookie.expires).toBeGreaterThan(Date.now() / 1000 + 11 * 3600);

  expect((await page.request.get(`${PAVED}/api/v1/services`)).status()).toBe(200);
  const sync = await page.request.post(`${PAVED}/api/v1/sync`, { headers: { origin: PAVED } });
  expect(sync.status()).toBe(403);
  expect((await page.request.get(`${PAVED}/api/v1/tokens`)).status()).toBe(403);
  const adminPage = await page.goto(`${PAVED}/admin/tokens`);
  expect(adminPage?.status()).toBe(403);

  await page.goto(`${PAVED}/services`);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Signed out' })).toBeVisible();
  expect((await page.context().cookies()).some((c) => c.name === 'paved_session' && c.value)).toBe(false);
  // The old cookie value is dead server-side too, not merely forgotten by the browser.
  const replay = await page.request.get(`${PAVED}/api/v1/services`, {
    headers: { cookie: `paved_session=${cookie.value}` },
  });
  expect(replay.status()).toBe(401);
});

test('an admin signs in, creates a token that works, revokes it, and sees the audit log', async ({ page, request }) => {
  await signIn(page, 'admin-ada', '/admin/tokens');
  await expect(page).toHaveURL(`${PAVED}/admin/tokens`);
  await expect(page.getByTestId('account')).toContainText('admin-ada@example.com (admin)');
  await page.getByLabel('Name').fill('ci');
  await page.getByLabel('Role').selectOption('viewer');
  await page.getByRole('button', { name: 'Create token' }).click();
  const token = (await page.getByTestId('new-token').textContent())!;
  expect(token).toMatch(/^paved_/);
  const withToken = { headers: { authorization: `Bearer ${token}` } };
  expect((await request.get(`${PAVED}/api/v1/services`, withToken)).status()).toBe(200);
  expect((await request.post(`${PAVED}/api/v1/sync`, withToken)).status()).toBe(403);

  await page.getByRole('button', { name: 'Revoke ci' }).click();
  await expect(page.getByTestId('tokens')).toContainText('revoked');
  expect((await request.get(`${PAVED}/api/v1/services`, withToken)).status()).toBe(401);

  // A cookie-authenticated write from another origin is refused (CSRF).
  const forged = await page.request.post(`${PAVED}/api/v1/tokens`, {
    headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
    data: { name: 'x', role: 'admin' },
  });
  expect(forged.status()).toBe(403);

  await page.goto(`${PAVED}/admin/audit`);
  const log = page.getByTestId('audit-log');
  await expect(log).toContainText('admin-ada@example.com');
  for (const action of ['sign-in', 'token.create', 'token.revoke', 'sign-out']) await expect(log).toContainText(action);
});

test('someone the roles do not name is refused, and the refusal is audited', async ({ page }) => {
  await signIn(page, 'mallory@partner.org', '/');
  await expect(page.getByRole('heading', { name: 'Not allowed' })).toBeVisible();
  await expect(
    page.getByText('mallory@partner.org signed in, but auth.roles gives this account no role'),
  ).toBeVisible();
  expect((await page.context().cookies()).some((c) => c.name === 'paved_session')).toBe(false);
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const { rows } = await client.query(`select actor from audit_log where action = 'sign-in.refused'`);
    expect(rows).toEqual([{ actor: 'mallory@partner.org' }]);
  } finally {
    await client.end();
  }
});

test('a listed email is a viewer; an expired session is sent to sign in again', async ({ page }) => {
  await signIn(page, 'guest@partner.org', '/teams');
  await expect(page).toHaveURL(`${PAVED}/teams`);
  await expect(page.getByTestId('account')).toContainText('guest@partner.org (viewer)');
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    await client.query(
      `update sessions set expires_at = now() - interval '1 second' where email = 'guest@partner.org'`,
    );
  } finally {
    await client.end();
  }
  const response = await page.request.get(`${PAVED}/teams`, { maxRedirects: 0 });
  expect(response.status()).toBe(303);
  expect(new URL(response.headers()['location']!, PAVED).href).toBe(`${PAVED}/auth/sign-in?next=%2Fteams`);
  // In the browser: off to the provider (still signed in there) and back to the page asked for.
  await page.goto(`${PAVED}/teams`);
  await consentIfAsked(page);
  await expect(page).toHaveURL(`${PAVED}/teams`);
  await expect(page.getByTestId('account')).toContainText('guest@partner.org (viewer)');
});
