import { EXIT_FAILURE, StdinTooLargeError } from './errors';
import type { CliIo } from './io';

/** Standard input larger than this is refused: a certificate or a token is a few hundred bytes. */
const MAX_STDIN_BYTES = 64 * 1024;

export function nodeCliIo(): CliIo {
  // `tokenfn decode … | head -1`: a reader that goes away early is not an error worth a stack trace.
  // Any other failure to write (a full disk, a closed descriptor) is one line and exit 1, not a stack.
  for (const [stream, name] of [
    [process.stdout, 'standard output'],
    [process.stderr, 'standard error'],
  ] as const) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      if (stream === process.stdout) {
        process.stderr.write(`tokenfn: cannot write to ${name}: ${error.code ?? error.message}\n`);
      }
      process.exit(EXIT_FAILURE);
    });
  }
  return {
    env: process.env,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    stdinIsTerminal: process.stdin.isTTY === true,
    readStdin: () => readAll(process.stdin, MAX_STDIN_BYTES),
    now: () => Date.now(),
    fetch: (url, init) => fetch(url, init),
  };
}

async function readAll(stream: NodeJS.ReadableStream, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += bytes.length;
    if (size > maxBytes) throw new StdinTooLargeError(maxBytes);
    chunks.push(bytes);
  }
  return Buffer.concat(chunks).toString('utf8');
}
