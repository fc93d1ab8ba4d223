import { readFileSync } from 'node:fs';
import { createAppAuth } from '@octokit/auth-app';
import { request } from '@octokit/request';
import type { GithubAppConfig, GithubConfig } from '../../lib/config';
import { registerSecret } from '../../lib/logger';
import { deadlineFetch, REQUEST_TIMEOUT_MS } from '../http';
import { GithubError } from './client';

/** What the client authenticates with: a personal token, or one App installation's tokens. */
export interface GithubCredentials {
  /** Whose rate budget requests spend: `token`, or `installation 123 (acme)`. */
  readonly budgetKey: string;
  token(): Promise<string>;
  /** A fresh token after a 401 (an installation token revoked or expired early); absent for a personal token. */
  refresh?(): Promise<string>;
}

/** Installation tokens live an hour; one closer than this to its expiry is replaced before use. */
export const TOKEN_REFRESH_MARGIN_MS = 5 * 60_000;
/** Installations are listed again after this long, so a new installation is picked up without a restart. */
const INSTALLATIONS_TTL_MS = 60 * 60_000;

interface Installation {
  id: number;
  login: string;
}

/** What outlives one job in a worker: installation tokens and the installation list, per App. */
export interface AppTokenCache {
  tokens: Map<string, { token: string; expiresAt: number }>;
  installations: Map<string, { listedAt: number; list: Installation[] }>;
}

export const createAppTokenCache = (): AppTokenCache => ({ tokens: new Map(), installations: new Map() });

/** A GithubError, so a repository whose installation cannot be reached fails that part only. */
export class GithubAuthError extends GithubError {}

export function tokenCredentials(token: string): GithubCredentials {
  registerSecret(token);
  return { budgetKey: 'token', token: async () => token };
}

/** `github.app.privateKey` is the PEM itself (from the environment) or the path of the .pem file. */
export function readPrivateKey(value: string): string {
  if (value.includes('-----BEGIN')) return value.replace(/\\n/g, '\n');
  try {
    return readFileSync(value, 'utf8');
  } catch (error) {
    throw new GithubAuthError(
      `github.app.privateKey: expected a PEM or the path of one; cannot read "${value}" (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
}

export interface AppCredentialOptions {
  fetch?: typeof fetch;
  /** The local clock (epoch ms) token expiries are measured against. */
  clock?: () => number;
  timeoutMs?: number;
}

/**
 * A GitHub App's credentials: the App JWT (made by @octokit/auth-app) lists the installations
 * and exchanges them for installation tokens, which are cached until close to their expiry.
 */
export function githubAppCredentials(
  apiUrl: string,
  app: GithubAppConfig,
  cache: AppTokenCache,
  options: AppCredentialOptions = {},
) {
  const clock = options.clock ?? Date.now;
  const privateKey = readPrivateKey(app.privateKey);
  registerSecret(privateKey);
  const appRequest = request.defaults({
    baseUrl: apiUrl.replace(/\/+$/, ''),
    headers: { 'user-agent': 'paved' },
    request: { fetch: deadlineFetch(options.fetch ?? fetch, options.timeoutMs ?? REQUEST_TIMEOUT_MS) },
  });
  const auth = createAppAuth({ appId: app.appId, privateKey, request: appRequest });
  const appKey = `${apiUrl}|${app.appId}`;

  const failure = (what: string, error: unknown) =>
    new GithubAuthError(
      `GitHub App ${app.appId} at ${apiUrl} could not ${what}: ${(error as { status?: number }).status ? `HTTP ${(error as { status: number }).status} ` : ''}${(error as Error).message}`,
    );

  async function installationToken(id: number, force: boolean): Promise<string> {
    const key = `${appKey}|${id}`;
    const cached = cache.tokens.get(key);
    if (!force && cached && cached.expiresAt - clock() > TOKEN_REFRESH_MARGIN_MS) return cached.token;
    try {
      // `refresh`: this cache decides when a token is stale (by its expiry, on our clock), not auth-app's own.
      const result = await auth({ type: 'installation', installationId: id, refresh: true });
      registerSecret(result.token);
      cache.tokens.set(key, { token: result.token, expiresAt: Date.parse(result.expiresAt) });
      return result.token;
    } catch (error) {
      throw failure(`get a token for installation ${id}`, error);
    }
  }

  async function listInstallations(): Promise<Installation[]> {
    const cached = cache.installations.get(appKey);
    if (cached && clock() - cached.listedAt < INSTALLATIONS_TTL_MS) return cached.list;
    const list: Installation[] = [];
    try {
      const { token: jwt } = await auth({ type: 'app' });
      for (let page = 1; ; page++) {
        const { data } = await appRequest('GET /app/installations', {
          headers: { authorization: `bearer ${jwt}` },
          per_page: 100,
          page,
        });
        for (const i of data) list.push({ id: i.id, login: (i.account as { login?: string } | null)?.login ?? '' });
        if (data.length < 100) break;
      }
    } catch (error) {
      throw failure('list its installations', error);
    }
    cache.installations.set(appKey, { listedAt: clock(), list });
    return list;
  }

  return {
    /** The credentials for repositories of `owner` (an organisation or user login). */
    async forOwner(owner: string): Promise<GithubCredentials> {
      const all = await listInstallations();
      const allowed = app.installationIds ? all.filter((i) => app.installationIds!.includes(i.id)) : all;
      const installation = allowed.find((i) => i.login.toLowerCase() === owner.toLowerCase());
      if (!installation) {
        throw new GithubAuthError(
          app.installationIds
            ? `none of github.app.installationIds (${app.installationIds.join(', ')}) is GitHub App ${app.appId}'s installation on "${owner}"`
            : `GitHub App ${app.appId} is not installed on "${owner}": install it there (see docs/github-app.md)`,
        );
      }
      return {
        budgetKey: `installation ${installation.id} (${installation.login})`,
        token: () => installationToken(installation.id, false),
        refresh: () => installationToken(installation.id, true),
      };
    },
  };
}

/** Credentials per repository owner: the same token for all, or each owner's App installation. */
export type CredentialsFor = (owner: string) => Promise<GithubCredentials>;

export function credentialsFor(
  config: Pick<GithubConfig, 'apiUrl' | 'token' | 'app'>,
  cache: AppTokenCache,
  options: AppCredentialOptions = {},
): CredentialsFor {
  if (config.token) {
    const shared = tokenCredentials(config.token);
    return async () => shared;
  }
  const app = githubAppCredentials(config.apiUrl, config.app!, cache, options);
  return (owner) => app.forOwner(owner);
}
