import os from 'node:os';
import { parseArgs } from 'node:util';
import { createApiToken, listApiTokens, revokeApiToken } from '../access/api-tokens';
import { closeProcessDatabase, getProcessDatabase } from '../db/database';
import { migrateToLatest } from '../db/migrate';
import { ROLES, type Role } from '../lib/config-schema';
import { runCli } from './run-cli';

const USAGE = `usage:
  npm run token -- create --name NAME --role viewer|admin
  npm run token -- list
  npm run token -- revoke ID`;

/** `npm run token`: API tokens from the command line, for the first admin token and for scripts. */
async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: { name: { type: 'string' }, role: { type: 'string' } },
  });
  const [command, ...rest] = positionals;
  const { db } = await getProcessDatabase();
  await migrateToLatest(db);
  const actor = `cli:${os.userInfo().username}`;
  if (command === 'create' && rest.length === 0 && values.name && ROLES.includes(values.role as Role)) {
    const { token, summary } = await createApiToken(db, {
      name: values.name,
      role: values.role as Role,
      createdBy: actor,
    });
    process.stderr.write(`Created ${summary.role} token #${summary.id} "${summary.name}". It is shown this once:\n`);
    process.stdout.write(`${token}\n`);
    return 0;
  }
  if (command === 'list' && rest.length === 0) {
    for (const t of await listApiTokens(db)) {
      const state = t.revokedAt ? `revoked ${t.revokedAt}` : `last used ${t.lastUsedAt ?? 'never'}`;
      console.log(`#${t.id}\t${t.name}\t${t.role}\t…${t.hint}\tcreated ${t.createdAt} by ${t.createdBy}\t${state}`);
    }
    return 0;
  }
  if (command === 'revoke' && rest.length === 1 && /^[1-9][0-9]{0,14}$/.test(rest[0]!)) {
    if (!(await revokeApiToken(db, Number(rest[0]), actor))) throw new Error(`no live token #${rest[0]}`);
    console.log(`Revoked token #${rest[0]}.`);
    return 0;
  }
  process.stderr.write(`${USAGE}\n`);
  return 2;
}

runCli('token', main, closeProcessDatabase);
