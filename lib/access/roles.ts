import type { AuthConfig, Role } from '../config-schema';

export interface Identity {
  /** Null when the provider gave none, or said it is not verified. */
  email: string | null;
  groups: string[];
}

/**
 * The role `auth.roles` gives an identity: admin if any admin rule matches, else viewer if any
 * viewer rule matches, else none (the sign-in is refused). Emails and domains compare without case.
 * @example roleFor({ admin: { emails: ['a@x.com'] }, viewer: { domains: ['x.com'] } }, { email: 'b@x.com', groups: [] }) // 'viewer'
 */
export function roleFor(roles: AuthConfig['roles'], identity: Identity): Role | null {
  if (matches(roles.admin, identity)) return 'admin';
  if (matches(roles.viewer, identity)) return 'viewer';
  return null;
}

function matches(rule: AuthConfig['roles']['admin'], { email, groups }: Identity): boolean {
  const lower = email?.toLowerCase() ?? null;
  const domain = lower?.split('@')[1] ?? null;
  return (
    rule.groups.some((group) => groups.includes(group)) ||
    (lower !== null && rule.emails.includes(lower)) ||
    (domain !== null && rule.domains.includes(domain))
  );
}
