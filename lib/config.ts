import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import cron from 'node-cron';
import type { z } from 'zod';
import { configSchema, type PavedConfig } from './config-schema';
import { parseCidr } from './access/network';
import { describeFound, formatPath, isMapping, parseYaml, SECRET_VALUE, valueAt } from './config-file-errors';
import { registerSecret } from './logger';

export type { GithubAppConfig, GithubConfig, PagerdutyConfig, PavedConfig } from './config-schema';

export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly keyPath: string,
    readonly problem: string,
  ) {
    super(`${file}: ${keyPath || '(root)'}: ${problem}`);
    this.name = 'ConfigError';
  }
}

export interface LoadedConfig {
  config: PavedConfig;
  /** Absolute path of the file read, or null when none exists and defaults apply. */
  file: string | null;
  /** Hash of the effective configuration: derived data is recomputed when it changes. */
  fingerprint: string;
}

const DEFAULT_FILE = 'paved.config.yaml';

/** The environment as config reads it (a plain map, so tests can pass their own). */
export type Env = Record<string, string | undefined>;

/** Resolves which file to read: `PAVED_CONFIG`, else `paved.config.yaml` in the working directory. */
export function configPath(env: Env = process.env, cwd = process.cwd()): { file: string; explicit: boolean } {
  if (env.PAVED_CONFIG) return { file: path.resolve(/*turbopackIgnore: true*/ cwd, env.PAVED_CONFIG), explicit: true };
  return { file: path.resolve(/*turbopackIgnore: true*/ cwd, DEFAULT_FILE), explicit: false };
}

/**
 * Reads, expands and validates the configuration, failing with one message that names
 * the file, the key, what was expected and what was found.
 */
export function loadConfig(env: Env = process.env, cwd = process.cwd()): LoadedConfig {
  const { file, explicit } = configPath(env, cwd);
  if (!existsSync(file)) {
    if (explicit) throw new ConfigError(file, '', 'file not found (set by PAVED_CONFIG)');
    return finish(configSchema.parse({}), null);
  }
  return parseConfigText(readFileSync(file, 'utf8'), file, env);
}

let cached: { key: string; loaded: LoadedConfig } | null = null;

/**
 * `loadConfig()` for request paths: the file is read and validated again only when its path,
 * size or modification time changed, so a page render does no YAML parsing.
 */
export function loadConfigCached(env: Env = process.env, cwd = process.cwd()): LoadedConfig {
  const { file } = configPath(env, cwd);
  const stat = existsSync(file) ? statSync(file) : null;
  const key = `${file}|${stat ? `${stat.size}|${stat.mtimeMs}` : 'absent'}`;
  if (cached?.key !== key) cached = { key, loaded: loadConfig(env, cwd) };
  return cached.loaded;
}

export function parseConfigText(text: string, file: string, env: Env = process.env): LoadedConfig {
  const parsed = parseYaml(text);
  if (!parsed.ok) throw new ConfigError(file, '', parsed.problem);
  const raw = parsed.value;
  if (!isMapping(raw)) throw new ConfigError(file, '', `expected a mapping of keys, found ${describeFound(raw)}`);
  checkSecretsAreReferences(raw, file);
  const expanded = expandEnv(raw, [], file, env);
  const result = configSchema.safeParse(expanded);
  if (!result.success) throw toConfigError(result.error, expanded, file);
  return finish(result.data, file);
}

function finish(config: PavedConfig, file: string | null): LoadedConfig {
  if (!cron.validate(config.schedule.sync)) {
    throw new ConfigError(
      file ?? DEFAULT_FILE,
      'schedule.sync',
      `expected a cron expression such as "*/30 * * * *", found "${config.schedule.sync}"`,
    );
  }
  checkNotifications(config, file ?? DEFAULT_FILE);
  registerSecret(config.github?.token);
  // A PEM written into the environment; a path is not secret (the file it names is).
  if (config.github?.app?.privateKey.includes('-----BEGIN')) registerSecret(config.github.app.privateKey);
  registerSecret(config.pagerduty?.token);
  registerSecret(config.server.adminToken);
  registerSecret(config.auth?.oidc?.clientSecret);
  registerSecret(config.github?.webhookSecret);
  for (const secret of config.pagerduty?.webhookSecrets ?? []) registerSecret(secret);
  checkAuth(config, file ?? DEFAULT_FILE);
  checkTargetIds(config, file ?? DEFAULT_FILE);
  const fingerprint = createHash('sha256').update(JSON.stringify(config)).digest('hex').slice(0, 16);
  return { config, file, fingerprint };
}

/** Cross-key rules of `notifications`: a valid digest schedule, and SMTP wherever email is a channel. */
function checkNotifications(config: PavedConfig, file: string): void {
  const n = config.notifications;
  if (!n) return;
  if (!cron.validate(n.digestSchedule)) {
    throw new ConfigError(
      file,
      'notifications.digestSchedule',
      `expected a cron expression such as "0 8 * * 1", found "${n.digestSchedule}"`,
    );
  }
  const lists = [
    ['organisation', n.organisation] as const,
    ...Object.entries(n.teams).map(([t, l]) => [`teams.${t}`, l] as const),
  ];
  for (const [key, channels] of lists) {
    const i = channels.findIndex((c) => c.type === 'email');
    if (i >= 0 && !n.smtp) {
      throw new ConfigError(
        file,
        `notifications.${key}[${i}]`,
        'expected notifications.smtp (host, from), since this channel is email',
      );
    }
  }
}

/** Cross-key rules of `auth` that the schema alone cannot state. */
function checkAuth(config: PavedConfig, file: string): void {
  const auth = config.auth;
  if (!auth) return;
  if (auth.mode === 'oidc' && !auth.oidc) {
    throw new ConfigError(file, 'auth.oidc', 'expected issuer and clientId, since auth.mode is "oidc"');
  }
  if (auth.mode === 'proxy' && !auth.proxy) {
    throw new ConfigError(file, 'auth.proxy', 'expected header and trustedProxies, since auth.mode is "proxy"');
  }
  if (auth.mode !== 'none' && !auth.oidc && !auth.proxy) {
    throw new ConfigError(
      file,
      'auth',
      'expected oidc (sign-in), proxy (a trusted reverse proxy) or mode: none (no sign-in on every interface)',
    );
  }
  auth.proxy?.trustedProxies.forEach((range, i) => {
    if (!parseCidr(range)) {
      throw new ConfigError(
        file,
        `auth.proxy.trustedProxies[${i}]`,
        `expected an IP address or CIDR range, found "${range}"`,
      );
    }
  });
}

/** A target's id names it in the API and in alerts, so two targets cannot share one. */
function checkTargetIds(config: PavedConfig, file: string): void {
  const seen = new Map<string, number>();
  config.targets.forEach((target, i) => {
    const first = seen.get(target.id);
    if (first !== undefined)
      throw new ConfigError(
        file,
        `targets[${i}].id`,
        `expected an id no other target has, found "${target.id}" as targets[${first}] has (give one of them its own id)`,
      );
    seen.set(target.id, i);
  });
}

/** Secrets that may appear in the file only as environment references (a literal would travel with the file). */
const REFERENCE_ONLY_SECRETS: readonly { keyPath: readonly string[]; example: string }[] = [
  { keyPath: ['auth', 'oidc', 'clientSecret'], example: 'PAVED_OIDC_CLIENT_SECRET' },
  { keyPath: ['github', 'webhookSecret'], example: 'PAVED_GITHUB_WEBHOOK_SECRET' },
  { keyPath: ['pagerduty', 'webhookSecrets'], example: 'PAVED_PAGERDUTY_WEBHOOK_SECRET' },
];

/** A secret written into the file would travel with it (backups, repositories): only a reference is accepted. */
function checkSecretsAreReferences(raw: unknown, file: string): void {
  for (const { keyPath, example } of REFERENCE_ONLY_SECRETS) {
    const value = valueAt(raw, [...keyPath]);
    if (value === undefined) continue;
    const entries = Array.isArray(value) ? value.map((v, i) => [`[${i}]`, v] as const) : [['', value] as const];
    for (const [suffix, secret] of entries) {
      if (typeof secret === 'string' && /^\$\{[A-Za-z_][A-Za-z0-9_]*(:-)?\}$/.test(secret)) continue;
      throw new ConfigError(
        file,
        `${keyPath.join('.')}${suffix}`,
        `expected an environment reference such as "\${${example}}", found a value written into the file (not shown: it is a secret)`,
      );
    }
  }
}

const ENV_REF = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/** Expands `${VAR}` and `${VAR:-default}` in every string value, so secrets can stay out of the file. */
export function expandEnv(value: unknown, keyPath: (string | number)[], file: string, env: Env): unknown {
  if (typeof value === 'string') {
    return value.replace(ENV_REF, (_match, name: string, fallback: string | undefined) => {
      const found = env[name];
      if (found !== undefined && found !== '') return found;
      if (fallback !== undefined) return fallback;
      throw new ConfigError(
        file,
        formatPath(keyPath),
        `environment variable ${name} is not set (use \${${name}:-default} for an optional value)`,
      );
    });
  }
  if (Array.isArray(value)) return value.map((item, i) => expandEnv(item, [...keyPath, i], file, env));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expandEnv(v, [...keyPath, k], file, env)]));
  }
  return value;
}

function toConfigError(error: z.ZodError, input: unknown, file: string): ConfigError {
  const issue = error.issues[0]!;
  const keyPath = formatPath(issue.path as (string | number)[]);
  const raw = valueAt(input, issue.path as (string | number)[]);
  // A webhook URL carries its own credential, so a URL written where its variable's name belongs is not echoed.
  const found = /token|secret|webhook|password/i.test(keyPath) && raw !== undefined ? SECRET_VALUE : raw;
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]!;
    return new ConfigError(
      file,
      formatPath([...(issue.path as (string | number)[]), key]),
      'unknown key (see paved.config.example.yaml for the keys Paved reads)',
    );
  }
  const expected =
    issue.code === 'invalid_type'
      ? `expected ${issue.expected}`
      : `expected ${issue.message.replace(/^Invalid (string|input|option): (expected )?/, '')}`;
  return new ConfigError(file, keyPath, `${expected}, found ${describeFound(found)}`);
}

/** True when no external source is configured: Paved then shows the demo organisation. */
export function hasExternalSources(config: PavedConfig): boolean {
  return Boolean(config.github || config.pagerduty);
}
