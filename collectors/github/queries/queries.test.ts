import { describe, expect, it } from 'vitest';
import { validateGithubQuery } from '../../../tests/github/schema';
import { namedRepositoriesQuery, ORGANIZATION_REPOSITORIES_QUERY } from './repositories';

describe('GitHub GraphQL queries are valid against the published schema', () => {
  it.each([
    ['OrganizationRepositories', ORGANIZATION_REPOSITORIES_QUERY],
    ['NamedRepositories (3 aliases)', namedRepositoriesQuery([{ owner: 'a', name: 'b' }, { owner: 'c', name: 'd' }, { owner: 'e', name: 'f' }])],
  ])('%s', (_name, document) => {
    expect(validateGithubQuery(document).map((e) => e.message)).toEqual([]);
  });

  it('rejects a query with a field GitHub does not have (the check can fail)', () => {
    expect(validateGithubQuery('query { viewer { login notAField } }').length).toBeGreaterThan(0);
  });
});
