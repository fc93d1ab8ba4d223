/** The e2e server's port (E2E_PORT, so agents sharing a machine each have their own). */
export const e2ePort = Number(process.env.E2E_PORT ?? 3100);

/** Where the digests spec's fake Slack webhook listens: the server's environment names it before the spec starts it. */
export const fakeWebhookPort = e2ePort + 1000;
