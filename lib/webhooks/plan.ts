/**
 * What a verified delivery asks Paved to do. A delivery only says what changed; the targeted
 * job re-reads it from the API, so nothing in a plan is a figure.
 */
export type DeliveryPlan =
  /** Re-read one repository (its full name) or one PagerDuty incident (its id). */
  | { kind: 'refresh'; target: string }
  /** The set of repositories itself changed (a GitHub App installed or given repositories): a full sync. */
  | { kind: 'sync'; reason: string }
  | { kind: 'ignore'; reason: string };

export type RoutedDelivery =
  | { ok: true; deliveryId: string; event: string; action: string | null; plan: DeliveryPlan }
  | { ok: false; problem: string };

export const ignore = (reason: string): DeliveryPlan => ({ kind: 'ignore', reason });

/** The first problem zod found, named by its path, for a 400 answer. */
export function describeIssue(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): string {
  const issue = error.issues[0]!;
  return `${issue.path.map(String).join('.') || '(body)'}: ${issue.message}`;
}
