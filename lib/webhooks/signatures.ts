import { createHmac, timingSafeEqual } from 'node:crypto';
import { Webhooks } from '@octokit/webhooks';

/**
 * Is `body` signed by GitHub with `secret`? `X-Hub-Signature-256` is `sha256=` and the hex
 * HMAC-SHA256 of the raw body; @octokit/webhooks compares it in constant time.
 */
export async function verifyGithubSignature(secret: string, body: string, header: string | null): Promise<boolean> {
  if (!header || body === '') return false;
  try {
    return await new Webhooks({ secret }).verify(body, header);
  } catch {
    // The library throws on an empty argument rather than answering false.
    return false;
  }
}

/** At most this many signatures are read from one header (PagerDuty sends one per secret). */
const MAX_SIGNATURES = 8;

/**
 * Is `body` signed by PagerDuty with one of `secrets`? `X-PagerDuty-Signature` lists
 * `v1=<hex HMAC-SHA256 of the raw body>` entries separated by commas, one per active secret of
 * the subscription; any entry matching any configured secret proves the delivery. Every
 * comparison takes the same time whatever the bytes (`timingSafeEqual` on equal lengths).
 */
export function verifyPagerdutySignature(secrets: readonly string[], body: Buffer, header: string | null): boolean {
  if (!header || secrets.length === 0) return false;
  const offered = header
    .split(',', MAX_SIGNATURES)
    .map((part) => part.trim())
    .filter((part) => part.startsWith('v1='))
    .map((part) => Buffer.from(part.slice(3), 'utf8'));
  let matched = false;
  for (const secret of secrets) {
    const expected = Buffer.from(createHmac('sha256', secret).update(body).digest('hex'), 'utf8');
    for (const signature of offered) {
      // No early exit: the time spent does not tell which secret or entry matched.
      if (signature.length === expected.length && timingSafeEqual(signature, expected)) matched = true;
    }
  }
  return matched;
}
