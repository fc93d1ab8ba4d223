import type http from 'node:http';
import { createRandom } from '../../collectors/demo/random';

/**
 * Faults below HTTP, shared by the fakes: an answer that is late (before its headers, or
 * halfway through its body), cut off (a content-length promised, half sent, the socket
 * destroyed), or never given (the connection reset before answering).
 */
export const TRANSPORT_FAULTS = ['slow-headers', 'slow-body', 'truncated', 'reset'] as const;
export type TransportFault = (typeof TRANSPORT_FAULTS)[number];

export const isTransportFault = (fault: string): fault is TransportFault =>
  (TRANSPORT_FAULTS as readonly string[]).includes(fault);

export interface RandomFaults {
  /** Share of requests answered with a fault, e.g. 0.05. */
  rate: number;
  seed: number;
  /** How late a slow answer is: longer than the client's timeout in the test. */
  slowMs: number;
}

/**
 * For each request, whether it fails and how. Kinds are dealt from a shuffled deck, so every
 * kind turns up once per `kinds.length` faults; the same seed and request order give the
 * same faults.
 */
export function faultDraw<K extends string>(kinds: readonly K[], options: RandomFaults): () => K | null {
  const rng = createRandom(options.seed);
  let deck: K[] = [];
  return () => {
    if (rng.next() >= options.rate) return null;
    if (deck.length === 0) {
      deck = [...kinds];
      for (let i = deck.length - 1; i > 0; i--) {
        const j = rng.int(0, i);
        [deck[i], deck[j]] = [deck[j]!, deck[i]!];
      }
    }
    return deck.pop()!;
  };
}

/** Pending late answers, so a fake can close without waiting for them. */
export type Timers = Set<NodeJS.Timeout>;

/** Sends `text` as the answer, spoiled by `fault` when there is one. */
export function deliver(
  res: http.ServerResponse,
  answer: { status: number; text: string; headers: Record<string, string> },
  fault: TransportFault | null,
  options: { slowMs: number; timers: Timers },
): void {
  const later = (fn: () => void) => {
    const timer = setTimeout(() => {
      options.timers.delete(timer);
      // The client has usually given up (timed out) and closed the connection by now.
      if (!res.destroyed && !res.socket?.destroyed) fn();
    }, options.slowMs);
    options.timers.add(timer);
  };
  const body = Buffer.from(answer.text);
  const half = body.subarray(0, Math.floor(body.length / 2));
  const head = () => res.writeHead(answer.status, { ...answer.headers, 'content-length': String(body.length) });
  switch (fault) {
    case 'reset':
      res.socket?.destroy();
      return;
    case 'truncated':
      head();
      res.write(half, () => res.socket?.destroy());
      return;
    case 'slow-headers':
      later(() => {
        head();
        res.end(body);
      });
      return;
    case 'slow-body':
      head();
      res.write(half);
      later(() => res.end(body.subarray(half.length)));
      return;
    default:
      head();
      res.end(body);
  }
}
