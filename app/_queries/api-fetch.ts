/** An /api/v1 error, carrying the API's message (`{ error: { message, code, status } }`). */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/**
 * GET an /api/v1 path as JSON; the one transport every hook uses.
 * @example await apiGet<DoraReport>('/api/v1/dora', { from, to, team })
 */
export async function apiGet<T>(
  path: string,
  params: Record<string, string | number | boolean | null | undefined> = {},
  signal?: AbortSignal,
): Promise<T> {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== '') search.set(k, String(v));
  const url = search.size ? `${path}?${search}` : path;
  const response = await fetch(url, { signal, headers: { accept: 'application/json' } });
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const message =
      (body as { error?: { message?: string } } | null)?.error?.message ?? `${response.status} ${response.statusText}`;
    throw new ApiError(`${path}: ${message}`, response.status);
  }
  return body as T;
}
