// JSON lines for CloudWatch Logs: one object per line written straight to stdout (as Powertools does), in
// @tokenfn/http's one line format, formatLogLine (`timestamp`, `level`, `message`, then the entry), plus Lambda's `requestId` (the
// invocation's awsRequestId), so log-level filtering and Logs Insights work whether the function's log
// format is Text or JSON.
import { formatLogLine, type LogEntry, type Logger, type LogLevel } from '@tokenfn/http';

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
    const { requestId, ...rest } = entry;
    // Lambda's key `requestId` is the invocation's; the app's own X-Request-Id moves to `httpRequestId`.
    write(
      formatLogLine(level, {
        ...(currentRequestId ? { requestId: currentRequestId } : {}),
        ...(requestId !== undefined && requestId !== currentRequestId ? { httpRequestId: requestId } : {}),
        ...rest,
      }),
    );
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
