// The token inspector page (@tokenfn/inspector) at /inspect: built in memory once per process when the
// server starts (about 0.1 s), so `pnpm start` serves the current page without a build step, and served
// with the page's own headers, whose CSP forbids the page every request of its own.
import type { HttpExchangeRequest, HttpExchangeResponse, Logger } from '@tokenfn/http';
import { problemResponse, problems } from '@tokenfn/http';
import { buildInspectorSite, type InspectorSite } from '@tokenfn/inspector/site';
import { answeredLocally } from './local-answer.js';

/** Where the page is: `/inspect` (and `/inspect/`), its script and style under `/inspect/`. */
export const INSPECT_PATH = '/inspect';

let built: Promise<InspectorSite> | undefined;

function fileName(path: string): string | undefined {
  if (path === INSPECT_PATH || path === `${INSPECT_PATH}/`) return 'index.html';
  return path.startsWith(`${INSPECT_PATH}/`) ? path.slice(INSPECT_PATH.length + 1) : undefined;
}

/**
 * The server's answer for the inspector's paths, and undefined for every other path (the app answers
 * those, and a name under /inspect/ that is no file of the page, with its 404).
 */
export async function inspectorPages(
  logger: Logger,
): Promise<(exchange: HttpExchangeRequest) => HttpExchangeResponse | undefined> {
  built ??= buildInspectorSite({ base: `${INSPECT_PATH}/` }).catch((err: unknown) => {
    built = undefined;
    throw err;
  });
  const site = await built;
  return (exchange) => {
    if (!exchange.path.startsWith(INSPECT_PATH)) return undefined;
    const name = fileName(exchange.path);
    const file = name === undefined ? undefined : site.files.get(name);
    if (!file) return undefined;
    const readable = exchange.method === 'GET' || exchange.method === 'HEAD';
    const response: HttpExchangeResponse = readable
      ? {
          status: 200,
          headers: { 'Content-Type': file.contentType, 'Cache-Control': 'no-cache', ...site.headers },
          body: file.body,
        }
      : problemResponse(problems.methodNotAllowed(exchange.method, ['GET', 'HEAD']));
    return answeredLocally(exchange, response, logger, { route: INSPECT_PATH });
  };
}
