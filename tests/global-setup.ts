import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres, type EmbeddedServer } from '../db/embedded';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A server URL whose user may create databases: each test file makes its own. */
    adminDatabaseUrl: string;
  }
}

let server: EmbeddedServer | null = null;

/**
 * The database server for the whole run: `TEST_DATABASE_URL` (CI's PostgreSQL 15), or an
 * embedded server under .test-data, so tests run against real PostgreSQL either way.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let url = process.env.TEST_DATABASE_URL;
  if (!url) {
    server = await startEmbeddedPostgres(path.resolve('.test-data/vitest'));
    url = server.url;
  }
  project.provide('adminDatabaseUrl', url);
  return async () => {
    await server?.stop();
  };
}
