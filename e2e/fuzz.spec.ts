import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { allowedMethods } from '../lib/allowed-methods';
import { listAppRoutes } from '../tests/helpers/app-routes';
import { HOSTILE_SEGMENTS } from '../tests/helpers/hostile-values';
import { api } from './helpers';

/**
 * Every page found under app/ on the built server (proxy.ts, pages, not-found handling), with
 * hostile path segments (bad percent-encoding, NUL bytes, …) and hostile values for every
 * query parameter the pages read. None may answer 5xx. (The /api routes have their own fuzz:
 * tests/fuzz/api-fuzz.test.ts; the raw path encodings are sent to them here too.)
 */
const PAGE_PARAMS = ['range', 'from', 'to', 'team', 'service', 'failed', 'rework', 'deployment'];
const VALUES = [
  '0000-01-01',
  '0001-01-01',
  '2026-02-30',
  '2026-13-01',
  '9999-12-31',
  '-1',
  '99999999999999999999',
  '1e309',
  'ü𝔘\u202e',
  '<script>alert(1)</script>',
  'a'.repeat(5000),
];

test('no page or route answers hostile addresses with a 5xx', async ({ request }) => {
  test.setTimeout(600_000);
  const services = await api<{ items: { slug: string }[] }>(request, '/services');
  const teams = await api<{ items: { slug: string }[] }>(request, '/teams');
  const valid: Record<string, string> = {
    slug: services.items[0]!.slug,
    id: 'golden-path',
    service: `${services.items[0]!.slug}.svg`,
  };
  const routes = listAppRoutes();
  const addresses: string[] = [];
  for (const route of routes) {
    const values = route.pattern.startsWith('/teams/') ? { ...valid, slug: teams.items[0]!.slug } : valid;
    const fill = (v: Record<string, string>) =>
      route.pattern.replace(/\[([^\]]+)\]/g, (_, name: string) => v[name] ?? '1');
    const base = fill(values);
    // A hostile segment in place of each dynamic one, and appended to every address.
    for (const segment of HOSTILE_SEGMENTS) {
      for (const name of route.segments) addresses.push(fill({ ...values, [name]: segment }));
      addresses.push(`${base === '/' ? '' : base}/${segment}`);
    }
    // Query values only for the pages that read a query.
    if (route.kind !== 'page' || !readFileSync(route.file, 'utf8').includes('searchParams')) continue;
    for (const name of PAGE_PARAMS) {
      for (const value of VALUES) addresses.push(`${base}?${new URLSearchParams({ [name]: value })}`);
      addresses.push(`${base}?${name}=a&${name}=b`);
      addresses.push(`${base}?${name}=%00`);
    }
    for (const value of VALUES) {
      addresses.push(`${base}?${new URLSearchParams({ range: 'custom', from: value, to: '2026-05-01' })}`);
      addresses.push(`${base}?${new URLSearchParams({ range: 'custom', from: '2026-01-01', to: value })}`);
    }
  }
  const histogram: Record<number, number> = {};
  const failures: string[] = [];
  const check = async (address: string) => {
    const response = await request.get(address, { maxRedirects: 0 });
    histogram[response.status()] = (histogram[response.status()] ?? 0) + 1;
    if (response.status() >= 500) failures.push(`${response.status()} ${address.slice(0, 160)}`);
    if (address.startsWith('/api/') && response.status() >= 400) {
      const type = response.headers()['content-type'] ?? '';
      if (!type.includes('application/json')) failures.push(`${response.status()} non-JSON ${address.slice(0, 160)}`);
    }
  };
  // A few at a time, as a browser's connections would: the server renders while another waits on the database.
  for (let i = 0; i < addresses.length; i += 4) await Promise.all(addresses.slice(i, i + 4).map(check));
  console.log(
    `page fuzz: ${addresses.length} requests over ${routes.length} routes; statuses ${JSON.stringify(histogram)}`,
  );
  expect(failures).toEqual([]);
  expect(addresses.length).toBeGreaterThan(1000);
});

test('the built server answers every method an /api route does not export with a JSON 405 and Allow', async ({
  request,
}) => {
  const failures: string[] = [];
  let refused = 0;
  for (const route of listAppRoutes().filter((r) => r.kind === 'route' && r.pattern.startsWith('/api/'))) {
    const address = route.pattern.replace(/\[\.\.\.[^\]]+\]/, 'no/such').replace(/\[[^\]]+\]/g, '1');
    const allowed = allowedMethods(route.methods);
    for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].filter((m) => !allowed.includes(m))) {
      refused++;
      const response = await request.fetch(address, { method, maxRedirects: 0 });
      const type = response.headers()['content-type'] ?? '';
      if (response.status() !== 405 || !type.includes('application/json'))
        failures.push(`${method} ${address}: ${response.status()} ${type}`);
      else if (response.headers()['allow'] !== allowed.join(', '))
        failures.push(`${method} ${address}: Allow ${response.headers()['allow']}`);
    }
  }
  expect(failures).toEqual([]);
  expect(refused).toBeGreaterThan(50);
});
