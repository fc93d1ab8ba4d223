import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../tests/helpers/test-db';

/**
 * db/schema.ts is written by hand; this holds it to the migrated database, so the types cannot lie
 * about a table, a column, its nullability, whether it has a default, or what it reads back as.
 */

type Column = { type: string; nullable: boolean; defaulted: boolean };

/** What node-postgres hands back for each column type, with the parsers db/database.ts installs. */
const READS_AS: Record<string, string> = {
  text: 'string',
  'character varying': 'string',
  integer: 'number',
  smallint: 'number',
  bigint: 'number',
  numeric: 'number',
  real: 'number',
  'double precision': 'number',
  boolean: 'boolean',
  'timestamp with time zone': 'Date',
  date: 'string',
  jsonb: 'json',
  bytea: 'Buffer',
  _text: 'string[]',
  _int4: 'number[]',
  _float8: 'number[]',
  _int8: 'number[]',
};

/** The columns db/schema.ts declares, read from its source: `Database` → table interfaces → properties. */
function declaredColumns(): Map<string, Map<string, Column>> {
  const file = path.join(__dirname, 'schema.ts');
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const interfaces = new Map<string, ts.InterfaceDeclaration>();
  const aliases = new Map<string, ts.TypeNode>();
  source.forEachChild((node) => {
    if (ts.isInterfaceDeclaration(node)) interfaces.set(node.name.text, node);
    if (ts.isTypeAliasDeclaration(node)) aliases.set(node.name.text, node.type);
  });

  // Reduces a property's type to what a select returns: its kind, `| null`, and Generated/Defaulted.
  const classify = (node: ts.TypeNode): Column => {
    if (ts.isUnionTypeNode(node)) {
      const rest = node.types.filter((t) => !(ts.isLiteralTypeNode(t) && t.literal.kind === ts.SyntaxKind.NullKeyword));
      const literals = rest.every((t) => ts.isLiteralTypeNode(t) && ts.isStringLiteral(t.literal));
      if (literals) return { type: 'string', nullable: rest.length < node.types.length, defaulted: false };
      if (rest.length !== 1) throw new Error(`cannot read ${node.getText()}`);
      return { ...classify(rest[0]!), nullable: rest.length < node.types.length };
    }
    if (ts.isArrayTypeNode(node))
      return { type: `${classify(node.elementType).type}[]`, nullable: false, defaulted: false };
    if (ts.isTypeReferenceNode(node)) {
      const name = node.typeName.getText();
      const arg = node.typeArguments?.[0];
      if (name === 'Generated') return { ...classify(arg!), defaulted: true };
      if (name === 'ColumnType') return classify(arg!);
      if (name === 'Json') return { type: 'json', nullable: false, defaulted: false };
      if (name === 'DefaultedJson') return { type: 'json', nullable: false, defaulted: true };
      if (name === 'Timestamp') return { type: 'Date', nullable: false, defaulted: false };
      if (name === 'DefaultedTimestamp') return { type: 'Date', nullable: false, defaulted: true };
      if (name === 'Buffer') return { type: 'Buffer', nullable: false, defaulted: false };
      const alias = aliases.get(name);
      if (alias) return classify(alias);
    }
    const keyword: Record<number, string> = {
      [ts.SyntaxKind.StringKeyword]: 'string',
      [ts.SyntaxKind.NumberKeyword]: 'number',
      [ts.SyntaxKind.BooleanKeyword]: 'boolean',
    };
    const kind = keyword[node.kind];
    if (kind) return { type: kind, nullable: false, defaulted: false };
    throw new Error(`cannot read ${node.getText()}`);
  };

  const members = (node: ts.InterfaceDeclaration | ts.TypeLiteralNode) => {
    const columns = new Map<string, Column>();
    for (const m of node.members)
      if (ts.isPropertySignature(m) && m.type) columns.set(m.name.getText(), classify(m.type));
    return columns;
  };

  const tables = new Map<string, Map<string, Column>>();
  for (const m of interfaces.get('Database')!.members) {
    if (!ts.isPropertySignature(m) || !m.type) continue;
    const type = m.type;
    const table = ts.isTypeLiteralNode(type)
      ? members(type)
      : members(interfaces.get((type as ts.TypeReferenceNode).typeName.getText())!);
    tables.set(m.name.getText(), table);
  }
  return tables;
}

describe('db/schema.ts', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t.drop());

  it('declares exactly the tables and columns the migrations create, as they read back', async () => {
    const { rows } = await sql<{
      table_name: string;
      column_name: string;
      data_type: string;
      udt_name: string;
      nullable: boolean;
      defaulted: boolean;
    }>`
      select c.table_name, c.column_name, c.data_type, c.udt_name, c.is_nullable = 'YES' as nullable,
        (c.column_default is not null or c.is_identity = 'YES') as defaulted
      from information_schema.columns c
      join information_schema.tables t using (table_schema, table_name)
      where c.table_schema = 'public' and t.table_type = 'BASE TABLE' and c.table_name not like 'kysely_migration%'
      order by c.table_name, c.ordinal_position`.execute(t.db);
    const migrated = new Map<string, Map<string, Column>>();
    for (const r of rows) {
      const type = READS_AS[r.data_type === 'ARRAY' ? r.udt_name : r.data_type];
      if (!type) throw new Error(`${r.table_name}.${r.column_name}: no mapping for ${r.data_type} (${r.udt_name})`);
      const table = migrated.get(r.table_name) ?? new Map<string, Column>();
      table.set(r.column_name, { type, nullable: r.nullable, defaulted: r.defaulted });
      migrated.set(r.table_name, table);
    }
    const declared = declaredColumns();
    // Types may ask writers for a value the database could default; they may not promise a default it lacks.
    for (const [name, columns] of migrated)
      for (const [column, c] of columns) c.defaulted &&= declared.get(name)?.get(column)?.defaulted ?? true;

    const asObject = (tables: Map<string, Map<string, Column>>) =>
      Object.fromEntries(
        [...tables].sort(([a], [b]) => a.localeCompare(b)).map(([name, cols]) => [name, Object.fromEntries(cols)]),
      );
    expect(asObject(declared)).toEqual(asObject(migrated));
  });

  it('reads a date column back as the string the types promise', async () => {
    await sql`insert into org_rollup_dirty_days (day) values ('2026-02-28')`.execute(t.db);
    const row = await t.db.selectFrom('org_rollup_dirty_days').select('day').executeTakeFirstOrThrow();
    expect(row.day).toBe('2026-02-28');
  });
});
