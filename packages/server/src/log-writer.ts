// The local server's log sink: the app's JSON lines, written to standard output in batches.
//
// process.stdout is synchronous on Linux for files and pipes, so one `console.log` per request is one
// write(2) per request, a sizeable part of a token request's cost under load. Lines written in the same
// turn of the event loop are joined and written once, at the latest on the next turn (setImmediate), at
// once when the batch grows past `maxBytes`, and before the process exits. A line is never dropped and
// lines keep their order; a crash loses at most the lines of the turn it happens in.

export interface LineWriter {
  /** Queues one line (without its newline). */
  write(line: string): void;
  /** Writes what is queued now. */
  flush(): void;
  /** Writes what is queued and stops flushing at exit (the server closed). */
  close(): void;
}

/** The flushes of every open writer, run once when the process exits (one listener for all writers). */
const open = new Set<() => void>();
let exitHook = false;

export interface BatchedWriterOptions {
  /** Where the joined lines go (default process.stdout). */
  out?: { write(text: string): unknown };
  /** Write at once when this many characters are queued (default 64 Ki). */
  maxBytes?: number;
}

export function batchedLineWriter(o: BatchedWriterOptions = {}): LineWriter {
  const out = o.out ?? process.stdout;
  const maxBytes = o.maxBytes ?? 64 * 1024;
  let queued: string[] = [];
  let size = 0;
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (queued.length === 0) return;
    const text = `${queued.join('\n')}\n`;
    queued = [];
    size = 0;
    out.write(text);
  };
  open.add(flush);
  if (!exitHook) {
    exitHook = true;
    process.once('exit', () => {
      for (const f of open) f();
    });
  }
  return {
    write(line) {
      queued.push(line);
      size += line.length + 1;
      if (size >= maxBytes) flush();
      else if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
    flush,
    close() {
      flush();
      open.delete(flush);
    },
  };
}
