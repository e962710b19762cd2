// JSON lines for CloudWatch Logs: one object per line written straight to stdout (as Powertools does), with
// the keys Lambda's JSON log format uses (`timestamp`, `level`, `message`, `requestId`), so log-level
// filtering and Logs Insights work whether the function's log format is Text or JSON.
import type { LogEntry, Logger } from '@tokenfn/core/http';

export type LogLevel = 'INFO' | 'WARN' | 'ERROR';

export interface LambdaLoggerOptions {
  /** Where each line goes (without the newline). Default: process.stdout. */
  write?: (line: string) => void;
  /** The current invocation's awsRequestId, added to every line as `requestId`. */
  requestId?: () => string | undefined;
}

export function lambdaJsonLogger(o: LambdaLoggerOptions = {}): Logger {
  const write = o.write ?? writeStdout;
  const log = (level: LogLevel, entry: LogEntry) => {
    const currentRequestId = o.requestId?.();
    const { message, msg, requestId, ...rest } = entry;
    const line: Record<string, unknown> = {
      timestamp: new Date().toISOString(),
      level,
      message: message ?? msg ?? '',
      ...(currentRequestId ? { requestId: currentRequestId } : {}),
      ...(requestId !== undefined && requestId !== currentRequestId ? { httpRequestId: requestId } : {}),
      ...rest,
    };
    write(safeStringify(line));
  };
  return {
    info: (e) => log('INFO', e),
    warn: (e) => log('WARN', e),
    error: (e) => log('ERROR', e),
  };
}

function writeStdout(line: string): void {
  process.stdout.write(`${line}\n`);
}

function safeStringify(value: Record<string, unknown>): string {
  try {
    return JSON.stringify(value, (_key, v) => {
      if (typeof v === 'bigint') return v.toString();
      if (v instanceof Error)
        return { name: v.name, message: v.message, code: (v as { code?: unknown }).code };
      return v;
    });
  } catch {
    return JSON.stringify({
      timestamp: value['timestamp'],
      level: value['level'],
      message: value['message'],
    });
  }
}
