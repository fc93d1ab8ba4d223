import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { buildClientSchema, parse, validate, type GraphQLError, type GraphQLSchema, type IntrospectionQuery } from 'graphql';

let cached: GraphQLSchema | null = null;

// The package exports only an ESM index (no `schema.json` subpath), which CommonJS runners
// (tsx scripts) cannot load: read the JSON file from node_modules instead.
function schemaJsonPath(): string {
  for (let dir = process.cwd(); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules/@octokit/graphql-schema/schema.json');
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) throw new Error('@octokit/graphql-schema is not installed (node_modules/@octokit/graphql-schema/schema.json)');
  }
}

/** GitHub's published GraphQL schema (`@octokit/graphql-schema`), built once per process. */
export function githubSchema(): GraphQLSchema {
  if (!cached) {
    const json = JSON.parse(readFileSync(schemaJsonPath(), 'utf8')) as IntrospectionQuery | { data: IntrospectionQuery };
    cached = buildClientSchema('data' in json ? json.data : json);
  }
  return cached;
}

export function validateGithubQuery(document: string): readonly GraphQLError[] {
  return validate(githubSchema(), parse(document));
}
