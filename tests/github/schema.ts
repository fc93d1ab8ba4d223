import { schema } from '@octokit/graphql-schema';
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
    const json = schema.json as unknown as IntrospectionQuery | { data: IntrospectionQuery };
    cached = buildClientSchema('data' in json ? json.data : json);
  }
  return cached;
}

export function validateGithubQuery(document: string): readonly GraphQLError[] {
  return validate(githubSchema(), parse(document));
}
