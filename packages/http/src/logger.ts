// Structured logging: the app writes one JSON object per line through an injected Logger.

export type LogEntry = Record<string, unknown>;

export interface Logger {
  info(e: LogEntry): void;
  warn(e: LogEntry): void;
  error(e: LogEntry): void;
}

/**
 * A Logger writing one JSON object per line (`console.log` by default), with `level` and
 * `timestamp` first, the shape CloudWatch's and Lambda's JSON log formats understand.
 */
export function jsonLogger(write: (line: string) => void = (line) => console.log(line)): Logger {
  const emit = (level: string, e: LogEntry) => {
    write(JSON.stringify({ level, timestamp: new Date().toISOString(), ...e }));
  };
  return {
    info: (e) => emit('INFO', e),
    warn: (e) => emit('WARN', e),
    error: (e) => emit('ERROR', e),
  };
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
