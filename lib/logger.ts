import pino from 'pino';

/**
 * Structured logs (pino): one JSON object a line with `level`, `time`, `component` and
 * `message`, for log aggregators; on a terminal the same lines are printed readably. Secrets
 * are scrubbed here, once, so a token that slips into an error message, a field or a URL
 * never reaches a log line.
 */
type Level = 'debug' | 'info' | 'warn' | 'error';
const LEVELS: readonly Level[] = ['debug', 'info', 'warn', 'error'];

const secrets = new Set<string>();

/** Registers a value (a token, a private key) that must never be printed. */
export function registerSecret(value: string | undefined): void {
  if (!value || value.length < 4) return;
  secrets.add(value);
  // As it appears inside a JSON line (a PEM's line breaks become "\n").
  const escaped = JSON.stringify(value).slice(1, -1);
  if (escaped !== value) secrets.add(escaped);
}

export function redact(text: string): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join('[redacted]');
  return (
    out
      .replace(/(Authorization:\s*)(\S+\s*)?\S+/gi, '$1[redacted]')
      .replace(/(token=)[^\s&"']+/gi, '$1[redacted]')
      // Credentials written into a URL (`https://user:password@host`, e.g. in github.apiUrl or DATABASE_URL).
      .replace(/\/\/[^\s/@"]+@/g, '//[redacted]@')
  );
}

/** Fields whose values are secrets whatever they hold, at the top level or one level down. */
const SECRET_FIELDS = [
  'token',
  'password',
  'secret',
  'authorization',
  'cookie',
  'privateKey',
  'clientSecret',
  'adminToken',
  'apiKey',
];

function threshold(): Level {
  const level = process.env.PAVED_LOG_LEVEL as Level | undefined;
  return level && LEVELS.includes(level) ? level : 'info';
}

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  /** A logger for a part of this one (`worker:github`), with fields every line carries (`runId`). */
  child(component: string, fields?: Record<string, unknown>): Logger;
}

/** `2026-11-20T12:00:00.000Z info  [worker:github] message {"runId":3}`: what a person reads on a terminal. */
export function formatReadable(line: string): string {
  try {
    const { time, level, component, message, ...fields } = JSON.parse(line) as Record<string, unknown>;
    const extra = Object.keys(fields).length > 0 ? ' ' + JSON.stringify(fields) : '';
    return `${String(time)} ${String(level).padEnd(5)} [${String(component)}] ${String(message)}${extra}`;
  } catch {
    return line;
  }
}

export interface LoggerOptions {
  /** Readable lines instead of JSON; by default, when the logs go to a terminal. */
  readable?: boolean;
  level?: Level;
}

/**
 * A logger writing to stderr, or to `write` (tests). Every line goes through `redact` after
 * serialisation, so a secret is caught wherever it sits in the line.
 */
export function createLogger(component = 'paved', write?: (line: string) => void, options: LoggerOptions = {}): Logger {
  const out = write ?? ((line: string) => void process.stderr.write(line + '\n'));
  const readable = options.readable ?? (!write && Boolean(process.stderr.isTTY) && !process.env.PAVED_LOG_JSON);
  const root = pino(
    {
      level: options.level ?? threshold(),
      messageKey: 'message',
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: SECRET_FIELDS.flatMap((f) => [f, `*.${f}`]), censor: '[redacted]' },
    },
    {
      write(chunk: string) {
        const line = redact(chunk.endsWith('\n') ? chunk.slice(0, -1) : chunk);
        out(readable ? formatReadable(line) : line);
      },
    },
  );
  const wrap = (bindings: Record<string, unknown>): Logger => {
    const p = root.child(bindings);
    return {
      debug: (m, f) => p.debug(f ?? {}, m),
      info: (m, f) => p.info(f ?? {}, m),
      warn: (m, f) => p.warn(f ?? {}, m),
      error: (m, f) => p.error(f ?? {}, m),
      // From the root with merged bindings: pino would repeat `component` in the line otherwise.
      child: (name, fields) => wrap({ ...bindings, ...fields, component: `${String(bindings.component)}:${name}` }),
    };
  };
  return wrap({ component });
}

export const logger = createLogger();
