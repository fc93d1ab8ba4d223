import { describe, expect, it } from 'vitest';
import { validateGithubQuery } from '../../../tests/github/schema';
import { COMMIT_HISTORY_QUERY } from './commits';
import { DEPLOYMENTS_QUERY } from './deployments';
import { repositoryFactsQuery } from './facts';
import { PULL_REQUESTS_QUERY } from './pull-requests';
import { namedRepositoriesQuery, ORGANIZATION_REPOSITORIES_QUERY } from './repositories';

describe('GitHub GraphQL queries are valid against the published schema', () => {
  it.each([
    ['OrganizationRepositories', ORGANIZATION_REPOSITORIES_QUERY],
    [
      'NamedRepositories (3 aliases)',
      namedRepositoriesQuery([
        { owner: 'a', name: 'b' },
        { owner: 'c', name: 'd' },
        { owner: 'e', name: 'f' },
      ]),
    ],
    ['CommitHistory', COMMIT_HISTORY_QUERY],
    ['PullRequests', PULL_REQUESTS_QUERY],
    ['Deployments', DEPLOYMENTS_QUERY],
    ['RepositoryFacts (2 aliases)', repositoryFactsQuery(2)],
  ])('%s', (_name, document) => {
    expect(validateGithubQuery(document).map((e) => e.message)).toEqual([]);
  });

  it('rejects a query with a field GitHub does not have (the check can fail)', () => {
    expect(validateGithubQuery('query { viewer { login notAField } }').length).toBeGreaterThan(0);
  });
});
