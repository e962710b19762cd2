// Structured logging: the app writes one JSON object per line through an injected Logger.

export type LogEntry = Record<string, unknown>;

export interface Logger {
  info(e: LogEntry): void;
  warn(e: LogEntry): void;
  error(e: LogEntry): void;
}

/**
 * A Logger writing one line per entry in the one line format (formatLogLine; `console.log` by default).
 */
export function jsonLogger(write: (line: string) => void = (line) => console.log(line)): Logger {
  const emit = (level: LogLevel, e: LogEntry) => write(formatLogLine(level, e));
  return {
    info: (e) => emit('INFO', e),
    warn: (e) => emit('WARN', e),
    error: (e) => emit('ERROR', e),
  };
}

/** The levels the app logs at, as CloudWatch, Lambda's JSON log format and Workers Logs read them. */
export type LogLevel = 'INFO' | 'WARN' | 'ERROR';

/**
 * One log entry as one line of JSON: `timestamp`, `level`, `message` (also from `msg`), then the entry's
 * other fields. Errors become `{name, code}`, bigints strings; an entry that cannot be serialised still
 * gives a line with its timestamp, level and message.
 */
export function formatLogLine(level: LogLevel, entry: LogEntry): string {
  const { message, msg, ...rest } = entry;
  const line: Record<string, unknown> = {
    timestamp: new Date().toISOString(),
    level,
    message: message ?? msg ?? '',
    ...rest,
  };
  // Request lines hold only strings, numbers and booleans: those need no replacer, which costs a call per
  // key (a few microseconds a line under load).
  if (typeof line['message'] === 'string' && primitivesOnly(rest)) return JSON.stringify(line);
  try {
    return JSON.stringify(line, (_key, v: unknown) => {
      if (typeof v === 'bigint') return v.toString();
      if (v instanceof Error) return { name: v.name, code: (v as { code?: unknown }).code };
      return v;
    });
  } catch {
    return JSON.stringify({ timestamp: line['timestamp'], level, message: String(line['message']) });
  }
}

function primitivesOnly(entry: LogEntry): boolean {
  for (const key in entry) {
    const v = entry[key];
    if (typeof v === 'object' ? v !== null : typeof v === 'bigint' || typeof v === 'function') return false;
  }
  return true;
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
