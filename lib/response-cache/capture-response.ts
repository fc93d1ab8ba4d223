import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';

export interface CapturedResponse {
  status: number;
  headers: OutgoingHttpHeaders;
  body: Buffer;
}

type Callback = (error?: Error | null) => void;

const toBuffer = (chunk: unknown, encoding: unknown): Buffer | null => {
  if (typeof chunk === 'string')
    return Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
  // A copy: the writer may reuse its buffer once write() returns.
  if (chunk instanceof Uint8Array) return Buffer.from(chunk);
  return null;
};

/**
 * A copy of what `response` sends, passed through unchanged as it streams: resolved when the
 * response has finished, or null when the client left first or the body grew past `maxBytes`
 * (such a response is served, just not kept).
 */
export function captureResponse(response: ServerResponse, maxBytes: number): Promise<CapturedResponse | null> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  let tooLarge = false;
  const keep = (chunk: unknown, encoding: unknown) => {
    if (tooLarge || chunk === undefined || chunk === null || typeof chunk === 'function') return;
    const buffer = toBuffer(chunk, encoding);
    if (!buffer) return;
    bytes += buffer.length;
    if (bytes > maxBytes) {
      tooLarge = true;
      chunks.length = 0;
    } else chunks.push(buffer);
  };
  const write = response.write.bind(response) as (chunk: unknown, encoding?: unknown, callback?: Callback) => boolean;
  const end = response.end.bind(response) as (
    chunk?: unknown,
    encoding?: unknown,
    callback?: Callback,
  ) => ServerResponse;
  response.write = ((chunk: unknown, encoding?: unknown, callback?: Callback) => {
    keep(chunk, encoding);
    return write(chunk, encoding, callback);
  }) as ServerResponse['write'];
  response.end = ((chunk?: unknown, encoding?: unknown, callback?: Callback) => {
    keep(chunk, encoding);
    return end(chunk, encoding, callback);
  }) as ServerResponse['end'];
  return new Promise((resolve) => {
    // The client may have left while the cache looked the request up: 'close' has been and gone.
    if (response.destroyed || response.socket?.destroyed !== false) {
      resolve(null);
      return;
    }
    response.once('finish', () =>
      resolve(
        tooLarge ? null : { status: response.statusCode, headers: response.getHeaders(), body: Buffer.concat(chunks) },
      ),
    );
    response.once('close', () => resolve(null));
  });
}
