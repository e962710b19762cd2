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
  const message = entry['message'] ?? entry['msg'] ?? '';
  const line: Record<string, unknown> = { timestamp: isoNow(), level, message };
  // Request lines hold only strings, numbers and booleans: those need no replacer, which costs a call per
  // key (a few microseconds a line under load). Copied key by key: a rest pattern is slower here.
  let plain = typeof message === 'string';
  for (const key in entry) {
    if (key === 'message' || key === 'msg') continue;
    const v = entry[key];
    line[key] = v;
    if (typeof v === 'object' ? v !== null : typeof v === 'bigint' || typeof v === 'function') plain = false;
  }
  if (plain) return JSON.stringify(line);
  try {
    return JSON.stringify(line, (_key, v: unknown) => {
      if (typeof v === 'bigint') return v.toString();
      if (v instanceof Error) return { name: v.name, code: (v as { code?: unknown }).code };
      return v;
    });
  } catch {
    return JSON.stringify({ timestamp: line['timestamp'], level, message: String(message) });
  }
}

let lastMs = Number.NaN;
let lastIso = '';

/** The current time as ISO 8601, formatted once per millisecond however many lines share it. */
function isoNow(): string {
  const ms = Date.now();
  if (ms !== lastMs) {
    lastMs = ms;
    lastIso = new Date(ms).toISOString();
  }
  return lastIso;
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
