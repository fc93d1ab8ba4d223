/**
 * A tiny structured logger. Secrets are scrubbed here, once, so a token that slips into
 * an error message or URL never reaches a log line.
 */
type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

const secrets = new Set<string>();

/** Registers a value (a token) that must never be printed. */
export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 4) secrets.add(value);
}

export function redact(text: string): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join('[redacted]');
  return (
    out
      .replace(/(Authorization:\s*)(\S+\s*)?\S+/gi, '$1[redacted]')
      .replace(/(token=)[^\s&"']+/gi, '$1[redacted]')
      // Credentials written into a URL (`https://user:password@host`, e.g. in github.apiUrl).
      .replace(/\/\/[^\s/@]+@/g, '//[redacted]@')
  );
}

function threshold(): number {
  const level = (process.env.PAVED_LOG_LEVEL ?? 'info') as Level;
  return ORDER[level] ?? ORDER.info;
}

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  child(scope: string): Logger;
}

export function createLogger(
  scope = 'paved',
  write: (line: string) => void = (l) => process.stderr.write(l + '\n'),
): Logger {
  const emit = (level: Level, message: string, fields?: Record<string, unknown>) => {
    if (ORDER[level] < threshold()) return;
    const extra = fields && Object.keys(fields).length > 0 ? ' ' + JSON.stringify(fields) : '';
    write(redact(`${new Date().toISOString()} ${level.padEnd(5)} [${scope}] ${message}${extra}`));
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (child) => createLogger(`${scope}:${child}`, write),
  };
}

export const logger = createLogger();
