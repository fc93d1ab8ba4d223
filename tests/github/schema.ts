import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  buildClientSchema,
  parse,
  validate,
  type GraphQLError,
  type GraphQLSchema,
  type IntrospectionQuery,
} from 'graphql';

let cached: GraphQLSchema | null = null;

/** GitHub's published GraphQL schema (`@octokit/graphql-schema`), built once per process. */
export function githubSchema(): GraphQLSchema {
  if (!cached) {
    // Read from the package's folder: its exports are import-only, and the fakes also run as CommonJS scripts (benchmarks).
    const file = path.resolve('node_modules/@octokit/graphql-schema/schema.json');
    const json = JSON.parse(readFileSync(file, 'utf8')) as IntrospectionQuery | { data: IntrospectionQuery };
    cached = buildClientSchema('data' in json ? json.data : json);
  }
  return cached;
}

export function validateGithubQuery(document: string): readonly GraphQLError[] {
  return validate(githubSchema(), parse(document));
}
