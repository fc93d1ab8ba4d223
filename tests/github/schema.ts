import { createRequire } from 'node:module';
import { buildClientSchema, parse, validate, type GraphQLError, type GraphQLSchema } from 'graphql';

let cached: GraphQLSchema | null = null;

/** GitHub's published GraphQL schema (`@octokit/graphql-schema`), built once per process. */
export function githubSchema(): GraphQLSchema {
  if (!cached) {
    const require = createRequire(import.meta.url);
    const json = require('@octokit/graphql-schema/schema.json') as Parameters<typeof buildClientSchema>[0] | { data: Parameters<typeof buildClientSchema>[0] };
    cached = buildClientSchema('data' in json ? json.data : json);
  }
  return cached;
}

export function validateGithubQuery(document: string): readonly GraphQLError[] {
  return validate(githubSchema(), parse(document));
}
