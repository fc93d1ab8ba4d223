'use client';

import { TestMessageForm } from '@/components/notifications/test-message-form';
import { useTestMessageMutation } from '../_queries/use-test-message-mutation';

/** The test-message control, wired to POST /api/v1/digests/test. */
export function TestMessage({ team, askToken }: { team: string | null; askToken: boolean }) {
  const mutation = useTestMessageMutation(team);
  const message = mutation.isError
    ? { tone: 'error' as const, text: mutation.error.message }
    : mutation.isSuccess
      ? {
          tone: 'ok' as const,
          text: `Queued for ${mutation.data.channels} channel${mutation.data.channels === 1 ? '' : 's'}: the data-quality page shows any delivery that fails.`,
        }
      : null;
  return (
    <TestMessageForm
      askToken={askToken}
      pending={mutation.isPending}
      message={message}
      onSubmit={(token) => mutation.mutate(token)}
    />
  );
}
