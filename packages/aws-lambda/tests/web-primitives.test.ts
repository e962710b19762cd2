// The bundle's lite Headers, Request and Response (src/web) against Node's own (undici), differentially:
// the same random inputs and operations go to both, and whether each step throws (and which error
// constructor), what it returns and the whole observable state afterwards must come out the same.
// The globals of this process are Node's: src/web/install.ts is only imported in a child process below.
// Where the lite classes deliberately differ, a "documented difference" test pins the lite behaviour.
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LiteHeaders } from '../src/web/headers';
import { LiteRequest } from '../src/web/request';
import { LiteResponse } from '../src/web/response';
import { type ProcessRun, runProcess } from './support/run-process';

// ---------------------------------------------------------------------------------------------------------
// Outcomes: what a step did, comparable with toEqual (errors by constructor only; messages differ freely).

type Outcome = { threw: string } | { value: unknown };

function errorName(error: unknown): string {
  return error instanceof Error ? error.constructor.name : `non-Error ${typeof error}`;
}

function attempt<T>(step: () => T): { threw: string } | { value: T } {
  try {
    return { value: step() };
  } catch (error) {
    return { threw: errorName(error) };
  }
}

async function settle(step: () => unknown): Promise<Outcome> {
  try {
    return { value: await step() };
  } catch (error) {
    return { threw: errorName(error) };
  }
}

const bytesOf = async (buffer: Promise<ArrayBuffer>) => [...new Uint8Array(await buffer)];

// The classes under comparison, as the same loosely typed constructors.
type HeadersClass = new (init?: unknown) => Headers;
type RequestClass = new (input?: unknown, init?: unknown) => Request;
interface ResponseClass {
  new (body?: unknown, init?: unknown): Response;
  json(data?: unknown, init?: unknown): Response;
  error(): Response;
  redirect(url?: unknown, status?: unknown): Response;
}
interface Classes {
  Headers: HeadersClass;
  Request: RequestClass;
  Response: ResponseClass;
}
const NODE: Classes = {
  Headers: Headers as unknown as HeadersClass,
  Request: Request as unknown as RequestClass,
  Response: Response as unknown as ResponseClass,
};
const LITE: Classes = {
  Headers: LiteHeaders as unknown as HeadersClass,
  Request: LiteRequest as unknown as RequestClass,
  Response: LiteResponse as unknown as ResponseClass,
};

/** Runs `scenario` with Node's classes and with the lite ones; both must observe the same. */
async function sameOnBoth(scenario: (classes: Classes) => unknown): Promise<Outcome> {
  const node = await settle(() => scenario(NODE));
  const lite = await settle(() => scenario(LITE));
  expect(lite).toEqual(node);
  return node;
}

/** sameOnBoth, for a scenario that runs to its end (no step that throws escapes it). */
async function sameValueOnBoth(scenario: (classes: Classes) => unknown): Promise<void> {
  expect(await sameOnBoth(scenario)).toHaveProperty('value');
}

// ---------------------------------------------------------------------------------------------------------
// Header names and values.

const randomCase = (s: string) =>
  fc
    .array(fc.boolean(), { minLength: s.length, maxLength: s.length })
    .map((upper) => [...s].map((c, i) => (upper[i] ? c.toUpperCase() : c.toLowerCase())).join(''));

const knownName = fc
  .constantFrom(
    'set-cookie',
    'content-type',
    'content-length',
    'authorization',
    'x-api-key',
    'origin',
    'accept',
    'a',
  )
  .chain(randomCase);
const tokenName = fc.stringMatching(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,6}$/);
const invalidName = fc.constantFrom(
  '',
  'a b',
  'x-api-key:',
  ':authority',
  'ümlaut',
  '\xe9',
  'na\u0100me',
  'origin\r\n',
  ' origin',
  'origin\t',
  '\0',
  '(a)',
  'a/b',
  'a"b',
  '€',
  '\u{1f600}',
);
const headerName: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: knownName, weight: 5 },
  { arbitrary: tokenName, weight: 2 },
  { arbitrary: invalidName, weight: 2 },
  { arbitrary: fc.integer({ min: 0, max: 99 }), weight: 1 },
);

const printable = fc.stringMatching(/^[\x21-\x7e]([\x20-\x7e]{0,10}[\x21-\x7e])?$/);
const httpWhitespace = fc.stringMatching(/^[ \t\r\n]{0,3}$/);
const headerValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: printable, weight: 4 },
  {
    arbitrary: fc.tuple(httpWhitespace, printable, httpWhitespace).map(([a, b, c]) => a + b + c),
    weight: 3,
  },
  {
    arbitrary: fc.constantFrom(
      '',
      ' ',
      '\t',
      ' \t ',
      'a, b',
      'id=1; Path=/; HttpOnly',
      '\xe9\xff\x80',
      '',
      ' ',
      'caf\xe9',
      'a \t b',
      'Bearer abc.def',
    ),
    weight: 2,
  },
  {
    // something inside that a header value cannot hold, or a character that is no byte
    arbitrary: fc
      .tuple(
        printable,
        fc.constantFrom('\r', '\n', '\0', '\r\n', '\u0100', '€', '\u2028', '\x7f', '\x01', '\ud800'),
        fc.option(printable, { nil: '' }),
      )
      .map(([a, b, c]) => a + b + c),
    weight: 2,
  },
  { arbitrary: fc.integer({ min: -5, max: 1000 }), weight: 1 },
  { arbitrary: fc.constantFrom(null, undefined, true), weight: 1 },
);

// A HeadersInit, described so that each side builds its own (one-shot iterables, Headers instances).
type InitDesc =
  | { kind: 'record'; entries: [unknown, unknown][] }
  | { kind: 'pairs'; pairs: unknown[] }
  | { kind: 'headers'; pairs: unknown[] }
  | { kind: 'generator'; pairs: unknown[] }
  | { kind: 'invalid'; value: unknown };

const pair = fc.oneof(
  { arbitrary: fc.tuple(headerName, headerValue), weight: 12 },
  { arbitrary: fc.tuple(headerName), weight: 1 },
  { arbitrary: fc.tuple(headerName, headerValue, headerValue), weight: 1 },
  { arbitrary: fc.constantFrom<unknown>('ab', null, 7, { 0: 'a', 1: 'b', length: 2 }), weight: 1 },
);
const pairs = fc.array(pair, { maxLength: 6 });
const headersInit: fc.Arbitrary<InitDesc> = fc.oneof(
  {
    arbitrary: fc
      .array(fc.tuple(headerName, headerValue), { maxLength: 6 })
      .map((entries) => ({ kind: 'record' as const, entries })),
    weight: 4,
  },
  { arbitrary: pairs.map((p) => ({ kind: 'pairs' as const, pairs: p })), weight: 4 },
  { arbitrary: pairs.map((p) => ({ kind: 'headers' as const, pairs: p })), weight: 2 },
  { arbitrary: pairs.map((p) => ({ kind: 'generator' as const, pairs: p })), weight: 1 },
  {
    arbitrary: fc
      .constantFrom<unknown>(null, 42, 'content-type: text/plain', true, Symbol('h'), [[]], {
        [Symbol.iterator]: 1,
      })
      .map((value) => ({ kind: 'invalid' as const, value })),
    weight: 1,
  },
);
const optionalHeadersInit = fc.option(headersInit, { nil: undefined, freq: 3 });

// For Request and Response: mostly headers that are fine, so that most cases get past the constructor.
const validValue = fc.oneof(
  { arbitrary: printable, weight: 4 },
  { arbitrary: fc.tuple(httpWhitespace, printable, httpWhitespace).map(([a, b, c]) => a + b + c), weight: 2 },
  { arbitrary: fc.constantFrom('', ' '), weight: 1 },
);
const validPairs = fc.array(fc.tuple(fc.oneof(knownName, tokenName), validValue), { maxLength: 5 });
const mostlyValidHeadersInit = fc.option(
  fc.oneof(
    { arbitrary: validPairs.map((entries) => ({ kind: 'record' as const, entries })), weight: 3 },
    { arbitrary: validPairs.map((p) => ({ kind: 'pairs' as const, pairs: p })), weight: 3 },
    { arbitrary: validPairs.map((p) => ({ kind: 'headers' as const, pairs: p })), weight: 2 },
    { arbitrary: headersInit, weight: 1 },
  ),
  { nil: undefined, freq: 3 },
);

function buildInit(desc: InitDesc | undefined, classes: Classes): unknown {
  if (desc === undefined) return undefined;
  const fresh = (p: unknown[]) => p.map((item) => (Array.isArray(item) ? [...item] : item));
  switch (desc.kind) {
    case 'record':
      return Object.fromEntries(desc.entries.map(([k, v]) => [String(k), v]));
    case 'pairs':
      return fresh(desc.pairs);
    case 'headers':
      return new classes.Headers(fresh(desc.pairs));
    case 'generator':
      return (function* () {
        yield* fresh(desc.pairs);
      })();
    case 'invalid':
      return desc.value;
  }
}

const stateOf = (h: Headers) => ({ entries: [...h], setCookie: h.getSetCookie() });

// ---------------------------------------------------------------------------------------------------------
// Headers

type HeadersOp =
  | { op: 'append' | 'set'; name: unknown; value: unknown }
  | { op: 'delete' | 'get' | 'has'; name: unknown }
  | { op: 'getSetCookie' | 'forEach' | 'keys' | 'values' | 'entries' | 'iterate' };

const headersOp: fc.Arbitrary<HeadersOp> = fc.oneof(
  {
    arbitrary: fc.record({
      op: fc.constantFrom('append' as const, 'set' as const),
      name: headerName,
      value: headerValue,
    }),
    weight: 6,
  },
  {
    arbitrary: fc.record({
      op: fc.constantFrom('delete' as const, 'get' as const, 'has' as const),
      name: headerName,
    }),
    weight: 4,
  },
  {
    arbitrary: fc.record({
      op: fc.constantFrom(
        'getSetCookie' as const,
        'forEach' as const,
        'keys' as const,
        'values' as const,
        'entries' as const,
        'iterate' as const,
      ),
    }),
    weight: 2,
  },
);

function applyOp(h: Headers, op: HeadersOp): unknown {
  const loose = h as unknown as Record<string, (...args: unknown[]) => unknown>;
  switch (op.op) {
    case 'append':
    case 'set':
      return loose[op.op]!.call(h, op.name, op.value);
    case 'delete':
    case 'get':
    case 'has':
      return loose[op.op]!.call(h, op.name);
    case 'getSetCookie':
      return h.getSetCookie();
    case 'forEach': {
      const seen: unknown[] = [];
      const self = { marker: true };
      h.forEach(function (this: unknown, value, name, headers) {
        seen.push([name, value, headers === h, this === self]);
      }, self);
      return seen;
    }
    case 'keys':
      return [...h.keys()];
    case 'values':
      return [...h.values()];
    case 'entries':
      return [...h.entries()];
    case 'iterate':
      return [...h];
  }
}

describe('Headers against Node', () => {
  it('random inits and operations: same throws, results and state after every step', () => {
    fc.assert(
      fc.property(
        optionalHeadersInit,
        fc.boolean(),
        fc.array(headersOp, { maxLength: 14 }),
        (init, ofResponse, ops) => {
          // The Headers of a Response (guard "response") or a new Headers (guard "none").
          const make = (classes: Classes) =>
            ofResponse
              ? new classes.Response(null, { status: 299, headers: buildInit(init, classes) as HeadersInit })
                  .headers
              : new classes.Headers(buildInit(init, classes));
          const node = attempt(() => make(NODE));
          const lite = attempt(() => make(LITE));
          expect('threw' in lite ? lite : 'constructed').toEqual('threw' in node ? node : 'constructed');
          if ('threw' in node || 'threw' in lite) return;
          expect(stateOf(lite.value)).toEqual(stateOf(node.value));
          for (const op of ops) {
            const nodeResult = attempt(() => applyOp(node.value, op));
            const liteResult = attempt(() => applyOp(lite.value, op));
            expect({ op, result: liteResult, state: stateOf(lite.value) }).toEqual({
              op,
              result: nodeResult,
              state: stateOf(node.value),
            });
          }
        },
      ),
      { numRuns: 800 },
    );
  });

  it('the immutable Headers of Response.error() and Response.redirect(): reads work, every change throws TypeError', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.array(headersOp, { maxLength: 8 }), (redirect, ops) => {
        const make = (classes: Classes) =>
          redirect
            ? classes.Response.redirect('https://a.example/next', 303).headers
            : classes.Response.error().headers;
        const node = make(NODE);
        const lite = make(LITE);
        for (const op of ops) {
          const nodeResult = attempt(() => applyOp(node, op));
          const liteResult = attempt(() => applyOp(lite, op));
          expect({ op, result: liteResult, state: stateOf(lite) }).toEqual({
            op,
            result: nodeResult,
            state: stateOf(node),
          });
          if (op.op === 'append' || op.op === 'set' || op.op === 'delete')
            expect(liteResult).toEqual({ threw: 'TypeError' });
        }
      }),
      { numRuns: 100 },
    );
  });

  it('a Headers built from a Headers is a copy: later changes to either do not show in the other', () => {
    for (const classes of [NODE, LITE]) {
      const a = new classes.Headers([
        ['Set-Cookie', 'a=1'],
        ['set-cookie', 'b=2'],
        ['X-A', '1'],
      ]);
      const b = new classes.Headers(a);
      a.append('x-a', '2');
      b.delete('set-cookie');
      expect([[...a], [...b]]).toEqual([
        [
          ['set-cookie', 'a=1'],
          ['set-cookie', 'b=2'],
          ['x-a', '1, 2'],
        ],
        [['x-a', '1']],
      ]);
    }
  });

  it('a Headers given as init is read by iterating it; clone() and a Request made from a Request copy the list', async () => {
    await sameValueOnBoth(({ Headers, Request, Response }) => {
      const fill = (h: Headers) => {
        h.append('b', 'x');
        h.append('b', ''); // combined "x, ": trimmed to "x," when read through iteration
        h.append('set-cookie', 'c=1');
        h.append('Set-Cookie', ' d=2 ');
      };
      const headers = new Headers();
      fill(headers);
      const request = new Request('http://a.example/', { method: 'POST', body: 'x' });
      fill(request.headers);
      const response = new Response('x');
      fill(response.headers);
      const derived = {
        headersFromHeaders: new Headers(headers),
        requestClone: request.clone().headers,
        requestWithInit: new Request(request.clone(), { method: 'PUT' }).headers,
        requestWithHeaders: new Request(request.clone(), { headers: request.headers }).headers,
        requestFromRequest: new Request(request).headers, // last: it takes the body along
        responseClone: response.clone().headers,
        responseFromResponse: new Response(null, response).headers,
        responseWithHeaders: new Response(null, { headers: response.headers }).headers,
      };
      // Each is a copy: changing it changes nothing else.
      for (const h of Object.values(derived)) h.append('b', 'y');
      return [
        stateOf(headers),
        stateOf(request.headers),
        stateOf(response.headers),
        Object.entries(derived).map(([k, h]) => [k, stateOf(h)]),
      ];
    });
  });

  it('headers from the other implementation are read as a sequence of pairs', () => {
    const node = new Headers([
      ['set-cookie', 'a=1'],
      ['set-cookie', 'b=2'],
      ['Accept', 'x'],
      ['accept', 'y'],
    ]);
    const lite = new LiteHeaders(node);
    expect(stateOf(lite as unknown as Headers)).toEqual(stateOf(node));
    expect(stateOf(new Headers(lite as unknown as Headers))).toEqual(stateOf(node));
  });

  it('documented difference: a record init is read as the standard says (enumerable own properties), where Node reads every own property', () => {
    const withHidden = Object.defineProperty({ a: '1' }, 'b', { value: '2', enumerable: false });
    expect([...new LiteHeaders(withHidden)]).toEqual([['a', '1']]);
    expect([...new Headers(withHidden)]).toEqual([
      ['a', '1'],
      ['b', '2'],
    ]);
    const withHiddenSymbol = Object.defineProperty({ a: '1' }, Symbol('s'), {
      value: '2',
      enumerable: false,
    });
    expect([...new LiteHeaders(withHiddenSymbol)]).toEqual([['a', '1']]);
    expect(() => new Headers(withHiddenSymbol)).toThrow(TypeError);
    // A function is a record too: its own properties (length, name, prototype) are not enumerable.
    expect([...new LiteHeaders(function f() {} as unknown as Record<string, string>)]).toEqual([]);
    // Node copies the record into a plain object first, where "__proto__" is the prototype and not a header.
    const proto = JSON.parse('{"__proto__":"x","a":"y"}') as Record<string, string>;
    expect([...new LiteHeaders(proto)]).toEqual([
      ['__proto__', 'x'],
      ['a', 'y'],
    ]);
    expect([...new Headers(proto)]).toEqual([['a', 'y']]);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Bodies, described so that each side gets its own (streams and Blobs are read once).

type BodyDesc =
  | { kind: 'absent' }
  | { kind: 'null' }
  | { kind: 'string'; text: string }
  | { kind: 'uint8array' | 'arraybuffer' | 'dataview' | 'uint16array'; bytes: number[] }
  | { kind: 'params'; entries: [string, string][] }
  | { kind: 'blob'; parts: string[]; type: string }
  | { kind: 'stream'; chunks: number[][]; notBytes: boolean; state: 'fresh' | 'locked' | 'disturbed' }
  | { kind: 'other'; value: unknown };

// A body may start with one byte order mark (two: see the documented difference below), so only the
// first string or chunk of a body is drawn from the arbitraries that may start with one.
const plainBytes = fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 24 });
const byteArray = fc.oneof(
  plainBytes,
  plainBytes.map((b) => [0xef, 0xbb, 0xbf, ...b.slice(0, 8)]),
);
const plainText = fc.oneof(
  fc.string({ maxLength: 16 }),
  fc.string({ unit: 'binary', maxLength: 8 }).filter((t) => !t.startsWith('\ufeff')),
  fc.constantFrom('x\ud800y', '{"a":[1,2]}', 'a=1&b=%20&a=2', ''),
);
const text = fc.oneof(plainText, fc.constantFrom('\ufeffBOM', '\ufeff{"bom":true}'));
const firstAndRest = <T>(first: fc.Arbitrary<T>, rest: fc.Arbitrary<T>) =>
  fc.tuple(first, fc.array(rest, { maxLength: 2 })).map(([a, more]) => [a, ...more]);
const bodyDesc: fc.Arbitrary<BodyDesc> = fc.oneof(
  { arbitrary: fc.constant({ kind: 'absent' as const }), weight: 3 },
  { arbitrary: fc.constant({ kind: 'null' as const }), weight: 1 },
  { arbitrary: text.map((t) => ({ kind: 'string' as const, text: t })), weight: 3 },
  {
    arbitrary: fc.record({
      kind: fc.constantFrom(
        'uint8array' as const,
        'arraybuffer' as const,
        'dataview' as const,
        'uint16array' as const,
      ),
      bytes: byteArray,
    }),
    weight: 3,
  },
  {
    arbitrary: fc
      .array(fc.tuple(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 })), { maxLength: 4 })
      .map((entries) => ({ kind: 'params' as const, entries })),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('blob' as const),
      parts: fc.oneof(fc.constant<string[]>([]), firstAndRest(text, plainText)),
      type: fc.constantFrom('', 'text/plain', 'Application/JSON', 'text/html; charset=UTF-8', 'ü/x', 'a'),
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('stream' as const),
      chunks: fc.oneof(fc.constant<number[][]>([]), firstAndRest(byteArray, plainBytes)),
      notBytes: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
      state: fc.constantFrom(
        'fresh' as const,
        'fresh' as const,
        'fresh' as const,
        'locked' as const,
        'disturbed' as const,
      ),
    }),
    weight: 3,
  },
  {
    arbitrary: fc
      .constantFrom<unknown>(0, 42, false, { toString: () => 'obj' }, Symbol('body'))
      .map((value) => ({ kind: 'other' as const, value })),
    weight: 1,
  },
);

function buildBody(desc: BodyDesc): unknown {
  switch (desc.kind) {
    case 'absent':
      return undefined;
    case 'null':
      return null;
    case 'string':
      return desc.text;
    case 'uint8array':
      return new Uint8Array(desc.bytes);
    case 'arraybuffer':
      return new Uint8Array(desc.bytes).buffer;
    case 'dataview': {
      const padded = new Uint8Array([9, ...desc.bytes, 9]);
      return new DataView(padded.buffer, 1, desc.bytes.length);
    }
    case 'uint16array':
      return new Uint16Array(new Uint8Array(desc.bytes.length % 2 ? [...desc.bytes, 0] : desc.bytes).buffer);
    case 'params':
      return new URLSearchParams(desc.entries);
    case 'blob':
      return new Blob(desc.parts, { type: desc.type });
    case 'stream': {
      const { chunks, notBytes, state } = desc;
      const stream = new ReadableStream({
        start(controller) {
          for (const c of chunks) controller.enqueue(new Uint8Array(c));
          if (notBytes) controller.enqueue('not bytes');
          controller.close();
        },
      });
      // A stream that cannot be a body: locked by a reader, or read from (the read settles at once).
      if (state !== 'fresh') {
        const reader = stream.getReader();
        if (state === 'disturbed') {
          void reader.read();
          reader.releaseLock();
        }
      }
      return stream;
    }
    case 'other':
      return desc.value;
  }
}

type BodyRead = 'text' | 'arrayBuffer' | 'bytes' | 'json' | 'blob';
const bodyRead = fc.constantFrom<BodyRead>('text', 'arrayBuffer', 'bytes', 'json', 'blob');

async function read(body: Request | Response, how: BodyRead): Promise<unknown> {
  switch (how) {
    case 'text':
      return body.text();
    case 'arrayBuffer':
      return bytesOf(body.arrayBuffer());
    case 'bytes':
      return [...(await (body as unknown as { bytes(): Promise<Uint8Array> }).bytes())];
    case 'json':
      return body.json();
    case 'blob': {
      const blob = await body.blob();
      return { type: blob.type, bytes: [...new Uint8Array(await blob.arrayBuffer())] };
    }
  }
}

/** Reads `.body` as a stream to the end: the chunks' bytes together (how they are cut may differ). */
async function readStream(body: Request | Response): Promise<unknown> {
  const stream = body.body;
  if (stream === null) return null;
  const reader = stream.getReader();
  const bytes: number[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return bytes;
    if (!(value instanceof Uint8Array)) return { notBytes: typeof value, bytes };
    bytes.push(...value);
  }
}

// The body-level checks both Request and Response get: read, read again, clone, stream.
const BODY_ACTIONS = ['read', 'clone', 'stream', 'lockThenRead', 'readThenBody'] as const;
type BodyAction = (typeof BODY_ACTIONS)[number];

async function exerciseBody(
  subject: Request | Response,
  action: BodyAction,
  how: BodyRead,
  classes: Classes,
): Promise<unknown> {
  const out: Record<string, unknown> = { usedBefore: subject.bodyUsed };
  switch (action) {
    case 'read':
      out['first'] = await settle(() => read(subject, how));
      out['usedAfter'] = subject.bodyUsed;
      out['second'] = await settle(() => read(subject, 'text'));
      break;
    case 'clone': {
      const copy = attempt(() => subject.clone());
      out['clone'] = 'threw' in copy ? copy : 'cloned';
      if ('value' in copy) {
        out['copyHeaders'] = [...copy.value.headers];
        out['appendToCopy'] = errorsOf(() => copy.value.headers.append('x-copy', '1'));
        out['originalHeaders'] = [...subject.headers];
        out['reads'] = [await settle(() => read(subject, how)), await settle(() => read(copy.value, how))];
        out['used'] = [subject.bodyUsed, copy.value.bodyUsed];
        out['cloneOfUsed'] = errorsOf(() => subject.clone());
      }
      break;
    }
    case 'stream':
      out['isNull'] = subject.body === null;
      out['streamed'] = await settle(() => readStream(subject));
      out['usedAfter'] = subject.bodyUsed;
      out['then'] = await settle(() => read(subject, how));
      break;
    case 'lockThenRead':
      if (subject.body === null) break;
      subject.body.getReader();
      out['usedWhileLocked'] = subject.bodyUsed;
      out['then'] = await settle(() => read(subject, how));
      out['clone'] = errorsOf(() => subject.clone());
      break;
    case 'readThenBody':
      out['first'] = await settle(() => read(subject, how));
      // What is left of a body that was read: not usable as another body.
      out['bodyIsNull'] = subject.body === null;
      out['locked'] = subject.body?.locked;
      out['rewrapped'] = errorsOf(() => new classes.Response(subject.body));
      break;
  }
  return out;
}

/** The error constructor `step` throws, or "none". */
function errorsOf(step: () => unknown): string {
  const outcome = attempt(step);
  return 'threw' in outcome ? outcome.threw : 'none';
}

// ---------------------------------------------------------------------------------------------------------
// Request

const standardMethod = fc
  .constantFrom('GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH')
  .chain(randomCase);
const method: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.constant(undefined), weight: 2 },
  { arbitrary: standardMethod, weight: 8 },
  { arbitrary: fc.constantFrom('PROPFIND', 'x-Custom', 'M-SEARCH', 'purge'), weight: 1 },
  { arbitrary: tokenName, weight: 1 },
  { arbitrary: fc.constantFrom('', 'GE T', 'POST\r\n', 'PÖST', 'a(b)', ' GET', 'DELETE\u0100'), weight: 1 },
  { arbitrary: fc.constantFrom('CONNECT', 'TRACE', 'TRACK').chain(randomCase), weight: 1 },
);

const url: fc.Arbitrary<string> = fc.oneof(
  {
    arbitrary: fc.constantFrom(
      'http://example.com',
      'https://api.example.com:8443/v1/token?uid=1&x=%20#frag',
      'HTTPS://EXAMPLE.COM/A/../b/./c',
      '  http://example.com/a b\t?q=a b  ',
      'http://exämple.com/ü?ü=ü',
      'http://[::1]:3000/',
      'http://example.com/%zz',
      'data:,hello',
      'about:blank',
      'ws://example.com/',
      'file:///etc/passwd',
    ),
    weight: 3,
  },
  { arbitrary: fc.webUrl({ withFragments: true, withQueryParameters: true }), weight: 3 },
  {
    arbitrary: fc.constantFrom(
      '/v1/token',
      'v1/token',
      '//example.com/x',
      'http://user:pass@example.com/',
      'http://user@example.com/',
      'http://:pass@example.com/',
      'http://exa mple.com/',
      'http://127.0.0.1:99999/',
      '',
      'not a url',
    ),
    weight: 2,
  },
);
/** A URL as a string, or (when it parses) as a URL object. */
const urlInput = fc.record({ url, asObject: fc.boolean() });
const toInput = ({ url, asObject }: { url: string; asObject: boolean }) =>
  asObject && URL.canParse(url) ? new URL(url) : url;

interface RequestCase {
  input: { url: string; asObject: boolean };
  method: unknown;
  headers: InitDesc | undefined;
  body: BodyDesc;
  duplex: 'half' | undefined;
  initNull: boolean;
}

const requestCase: fc.Arbitrary<RequestCase> = fc.record({
  input: urlInput,
  method,
  headers: mostlyValidHeadersInit,
  body: bodyDesc,
  duplex: fc.constantFrom('half' as const, undefined),
  initNull: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
});

function buildRequest(c: RequestCase, classes: Classes): Request {
  if (c.initNull) return new classes.Request(toInput(c.input), null);
  const init: Record<string, unknown> = {};
  if (c.method !== undefined) init['method'] = c.method;
  if (c.headers !== undefined) init['headers'] = buildInit(c.headers, classes);
  if (c.body.kind !== 'absent') init['body'] = buildBody(c.body);
  if (c.duplex !== undefined) init['duplex'] = c.duplex;
  return new classes.Request(toInput(c.input), init);
}

const requestState = (r: Request) => ({
  url: r.url,
  method: r.method,
  headers: [...r.headers],
  setCookie: r.headers.getSetCookie(),
  bodyUsed: r.bodyUsed,
});

type RequestAction = BodyAction | 'rewrap' | 'rewrapWithInit';

describe('Request against Node', () => {
  it('random url, method, headers and body: same throws, url, method, headers and body', async () => {
    await fc.assert(
      fc.asyncProperty(
        requestCase,
        fc.constantFrom<RequestAction>(...BODY_ACTIONS, 'rewrap', 'rewrapWithInit'),
        bodyRead,
        method,
        async (c, action, how, nextMethod) => {
          await sameOnBoth(async (classes) => {
            const request = buildRequest(c, classes);
            const state = requestState(request);
            if (action === 'rewrap' || action === 'rewrapWithInit') {
              // new Request(request) takes the body along; the old one reads as used (unless it had none).
              const next = attempt(() =>
                action === 'rewrap'
                  ? new classes.Request(request)
                  : new classes.Request(request, { method: nextMethod, headers: { 'x-next': '1' } }),
              );
              if ('value' in next) next.value.headers.append('x-next', '2');
              return {
                state,
                next: 'threw' in next ? next : requestState(next.value),
                oldHeaders: [...request.headers],
                oldUsed: request.bodyUsed,
                nextBody: 'value' in next ? await settle(() => read(next.value, how)) : null,
                oldBody: await settle(() => request.text()),
                again: errorsOf(() => new classes.Request(request)),
              };
            }
            return { state, body: await exerciseBody(request, action, how, classes) };
          });
        },
      ),
      { numRuns: 500 },
    );
  });

  it('a Request stream body needs duplex: "half"; GET and HEAD take no body of any kind', async () => {
    for (const m of ['GET', 'HEAD', 'get', 'head', undefined]) {
      for (const body of [new Uint8Array(0), '', new Blob([]), new URLSearchParams()]) {
        await sameOnBoth(({ Request }) => new Request('http://a.example/', { method: m, body }));
      }
    }
    await sameOnBoth(
      ({ Request }) => new Request('http://a.example/', { method: 'POST', body: new ReadableStream() }),
    );
    // A Request made from one with a body cannot be GET or HEAD, not even with `body: null`.
    for (const m of ['GET', 'head', 'POST']) {
      await sameOnBoth(async ({ Request }) => {
        const next = new Request(new Request('http://a.example/', { method: 'PUT', body: 'x' }), {
          method: m,
        });
        return [next.method, await next.text()];
      });
      await sameOnBoth(
        ({ Request }) =>
          new Request(new Request('http://a.example/', { method: 'PUT', body: 'x' }), {
            method: m,
            body: null,
          }).method,
      );
      await sameValueOnBoth(
        ({ Request }) => new Request(new Request('http://a.example/'), { method: m }).method,
      );
    }
    await sameValueOnBoth(async ({ Request }) => {
      const request = new Request('http://a.example/', {
        method: 'POST',
        body: new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('streamed'));
            controller.close();
          },
        }),
        duplex: 'half',
      });
      return [request.bodyUsed, [...request.headers], await request.text(), request.bodyUsed];
    });
  });

  it('a Request keeps what the app reads: Authorization, X-API-Key, Origin, Content-Type, Content-Length', async () => {
    await sameValueOnBoth(async ({ Request }) => {
      const request = new Request('https://api.example.com/v1/token', {
        method: 'post',
        headers: [
          ['Authorization', ' Bearer abc '],
          ['x-api-key', 'k1'],
          ['X-API-Key', 'k2'],
          ['Origin', 'https://app.example.com'],
          ['Content-Length', '13'],
        ],
        body: '{"channel":1}',
      });
      const copy = new Request(request);
      return [
        ...['authorization', 'x-api-key', 'origin', 'content-type', 'content-length'].map((n) =>
          copy.headers.get(n),
        ),
        await copy.json(),
      ];
    });
  });

  it('formData() of a Request reads urlencoded bodies', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 })), { maxLength: 5 }),
        async (entries) => {
          await sameValueOnBoth(async ({ Request }) => {
            const request = new Request('http://a.example/', {
              method: 'POST',
              body: new URLSearchParams(entries),
            });
            return [...(await request.formData())];
          });
        },
      ),
      { numRuns: 30 },
    );
  });

  it('documented difference: RequestInit mode, credentials, cache, redirect, referrer, referrerPolicy, integrity, keepalive and duplex are kept as given, not validated', () => {
    const init = { mode: 'navigate', cache: 'bogus', keepalive: 1, duplex: 'full' } as unknown as RequestInit;
    expect(() => new Request('http://a.example/', init)).toThrow(TypeError);
    const lite = new LiteRequest('http://a.example/', init);
    expect([lite.mode, lite.cache, lite.keepalive]).toEqual(['navigate', 'bogus', 1]);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Response

const status: fc.Arbitrary<unknown> = fc.oneof(
  {
    arbitrary: fc.constantFrom<unknown>(
      undefined,
      0,
      99,
      199,
      200,
      201,
      204,
      205,
      299,
      300,
      304,
      404,
      599,
      600,
      '201',
      ' 204 ',
      'abc',
      NaN,
      Number.POSITIVE_INFINITY,
      65736,
      200.9,
      -65336,
      -0,
      null,
      { valueOf: () => 202 },
    ),
    weight: 4,
  },
  { arbitrary: fc.integer({ min: -1, max: 700 }), weight: 1 },
);
const statusText: fc.Arbitrary<unknown> = fc.constantFrom(
  undefined,
  '',
  'OK',
  'Not Found',
  '\tfine ',
  '\xe9\xff',
  'bad\r\n',
  'bad\n',
  '\u0100',
  'x\x7f',
  'x\0',
  42,
  null,
);

interface ResponseCase {
  body: BodyDesc;
  status: unknown;
  statusText: unknown;
  headers: InitDesc | undefined;
  init: 'object' | 'absent' | 'null';
}

const responseCase: fc.Arbitrary<ResponseCase> = fc.record({
  body: bodyDesc,
  status,
  statusText,
  headers: mostlyValidHeadersInit,
  init: fc.constantFrom<ResponseCase['init']>('object', 'object', 'object', 'object', 'absent', 'null'),
});

function buildResponse(c: ResponseCase, classes: Classes): Response {
  const body = buildBody(c.body);
  if (c.init === 'null') return new classes.Response(body, null);
  if (c.init === 'absent')
    return c.body.kind === 'absent' ? new classes.Response() : new classes.Response(body);
  const init: Record<string, unknown> = {};
  if (c.status !== undefined) init['status'] = c.status;
  if (c.statusText !== undefined) init['statusText'] = c.statusText;
  if (c.headers !== undefined) init['headers'] = buildInit(c.headers, classes);
  return new classes.Response(body, init);
}

const responseState = (r: Response) => ({
  status: r.status,
  ok: r.ok,
  statusText: r.statusText,
  type: r.type,
  url: r.url,
  redirected: r.redirected,
  headers: [...r.headers],
  setCookie: r.headers.getSetCookie(),
  bodyUsed: r.bodyUsed,
});

describe('Response against Node', () => {
  it('random body, status, statusText and headers: same throws, state and body', async () => {
    await fc.assert(
      fc.asyncProperty(
        responseCase,
        fc.constantFrom<BodyAction | 'rewrap'>(...BODY_ACTIONS, 'rewrap'),
        bodyRead,
        async (c, action, how) => {
          await sameOnBoth(async (classes) => {
            const response = buildResponse(c, classes);
            const state = responseState(response);
            if (action === 'rewrap') {
              // The way middleware makes a response's headers its own: same status, headers and body.
              const next = new classes.Response(response.body, response);
              next.headers.append('x-next', '1');
              return {
                state,
                next: responseState(next),
                oldHeaders: [...response.headers],
                oldUsed: response.bodyUsed,
                body: await settle(() => read(next, how)),
              };
            }
            return { state, body: await exerciseBody(response, action, how, classes) };
          });
        },
      ),
      { numRuns: 500 },
    );
  });

  it('what cannot be converted fails first, with a TypeError, even when the status is out of range too', async () => {
    const locked = () => {
      const stream = new ReadableStream();
      stream.getReader();
      return stream;
    };
    const cases: [unknown, Record<string, unknown>][] = [
      [Symbol('body'), {}],
      [Symbol('body'), { status: 0 }],
      ['locked', { status: 0 }], // each side gets its own locked stream
      [null, { status: 0, statusText: '\u0100' }],
      [null, { status: 0, statusText: Symbol('text') }],
      [null, { status: 0, headers: { '\u0100': 'x' } }],
      [null, { status: 0, headers: { a: '\u0100' } }],
      [null, { status: 0, headers: 'a: b' }],
      [null, { status: 0, headers: [['a b', 'x']] }], // converts; the status is checked before the name
      [null, { status: 0, headers: [['a']] }], // converts; the status is checked before the pair's length
      [null, { status: 0, statusText: 'a\nb' }], // converts; the status is checked before the reason phrase
    ];
    for (const [body, init] of cases) {
      const outcome = await sameOnBoth(
        ({ Response }) => new Response(body === 'locked' ? locked() : body, init),
      );
      expect(outcome).toHaveProperty('threw');
    }
    await sameOnBoth(
      ({ Request }) => new Request('http://a.example/', { method: 'POST', body: Symbol('body') }),
    );
  });

  it('Response.json: same throws, status, headers and text', async () => {
    const data = fc.oneof(
      { arbitrary: fc.jsonValue({ maxDepth: 2 }), weight: 5 },
      {
        arbitrary: fc.constantFrom<unknown>(
          undefined,
          () => 1,
          Symbol('s'),
          1n,
          new Date(0),
          { toJSON: () => 'j' },
          '\ud800',
        ),
        weight: 1,
      },
    );
    const init = fc.option(
      fc.record(
        { status, statusText, headers: fc.option(headersInit, { nil: undefined }) },
        { requiredKeys: [] },
      ),
      { nil: undefined },
    );
    await fc.assert(
      fc.asyncProperty(data, init, async (value, i) => {
        await sameOnBoth(async (classes) => {
          const response =
            i === undefined
              ? classes.Response.json(value)
              : classes.Response.json(value, { ...i, headers: i.headers && buildInit(i.headers, classes) });
          return [responseState(response), await response.text()];
        });
      }),
      { numRuns: 200 },
    );
  });

  it('Response.json keeps a Content-Type from init', async () => {
    await sameValueOnBoth(async ({ Response }) => {
      const response = Response.json(
        { a: 1 },
        { status: 201, headers: { 'Content-Type': 'application/problem+json' } },
      );
      return [responseState(response), await response.json()];
    });
    await sameOnBoth(({ Response }) => Response.json(undefined));
  });

  it('Response.error: status 0, type error, immutable headers, also when cloned', async () => {
    await sameValueOnBoth(async ({ Response }) => {
      const response = Response.error();
      const copy = response.clone();
      return [
        responseState(response),
        response.body,
        await response.text(),
        errorsOf(() => response.headers.set('x', '1')),
        errorsOf(() => response.headers.append('x', '1')),
        errorsOf(() => response.headers.delete('x')),
        responseState(copy),
        errorsOf(() => copy.headers.set('x', '1')),
        errorsOf(() => new Response(null, response)),
      ];
    });
  });

  it('Response.redirect: same throws (TypeError for the URL, RangeError for the status), Location and immutability', async () => {
    const redirectStatus = fc.oneof(
      fc.constantFrom<unknown>(
        undefined,
        300,
        301,
        302,
        303,
        304,
        305,
        306,
        307,
        308,
        309,
        '307',
        65837,
        NaN,
        null,
        -65235,
      ),
      fc.integer({ min: 295, max: 310 }),
    );
    await fc.assert(
      fc.asyncProperty(urlInput, redirectStatus, async (to, code) => {
        await sameOnBoth(async ({ Response }) => {
          const location = toInput(to);
          const response =
            code === undefined ? Response.redirect(location) : Response.redirect(location, code);
          const copy = response.clone();
          return [
            responseState(response),
            response.body,
            await response.text(),
            errorsOf(() => response.headers.set('location', 'http://elsewhere.example/')),
            errorsOf(() => copy.headers.delete('location')),
            responseState(copy),
          ];
        });
      }),
      { numRuns: 150 },
    );
  });

  it('clone() of a used body throws TypeError; of an unused one, both read the same bytes', async () => {
    await sameValueOnBoth(async ({ Response }) => {
      const response = new Response(new Blob(['once']));
      const copy = response.clone();
      const texts = [await response.text(), await copy.text()];
      return [texts, errorsOf(() => response.clone()), errorsOf(() => copy.clone())];
    });
  });

  it('blob() carries the MIME type of the Content-Type', async () => {
    const contentType = fc.constantFrom(
      'text/plain',
      'TEXT/Plain',
      'text/plain;charset=UTF-8',
      'text/html; Charset="utf-8"; q=1',
      'application/json, text/plain',
      'nonsense',
      '',
      'a/b;c',
      'multipart/form-data; boundary=x',
      'application/x-www-form-urlencoded',
    );
    await fc.assert(
      fc.asyncProperty(fc.option(contentType, { nil: undefined }), bodyDesc, async (type, body) => {
        await sameOnBoth(async ({ Response }) => {
          const response = new Response(
            buildBody(body),
            type === undefined ? {} : { headers: { 'content-type': type } },
          );
          return await read(response, 'blob');
        });
      }),
      { numRuns: 60 },
    );
  });

  it('formData() of a urlencoded body', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 })), { maxLength: 5 }),
        fc.constantFrom('params', 'text', 'text with charset'),
        async (entries, kind) => {
          await sameValueOnBoth(async ({ Response }) => {
            const params = new URLSearchParams(entries);
            const response =
              kind === 'params'
                ? new Response(params)
                : new Response(params.toString(), {
                    headers: {
                      'content-type':
                        kind === 'text'
                          ? 'application/x-www-form-urlencoded'
                          : 'Application/X-WWW-Form-Urlencoded; charset=UTF-8',
                    },
                  });
            return [...(await response.formData())];
          });
        },
      ),
      { numRuns: 30 },
    );
    await sameOnBoth(async ({ Response }) =>
      new Response('a=1', { headers: { 'content-type': 'text/plain' } }).formData(),
    );
  });

  it('a FormData body goes through Node: multipart Content-Type, and it reads back as the same form', async () => {
    const form = new FormData();
    form.append('a', '1');
    form.append('b', new Blob(['file bytes'], { type: 'text/plain' }), 'b.txt');
    for (const classes of [NODE, LITE]) {
      const response = new classes.Response(form);
      expect(response.headers.get('content-type')).toMatch(/^multipart\/form-data; boundary=/);
      const read = await response.formData();
      expect(read.get('a')).toBe('1');
      const file = read.get('b') as File;
      expect([file.name, file.type, await file.text()]).toEqual(['b.txt', 'text/plain', 'file bytes']);
    }
  });

  it('documented difference: an async iterable body is text, as the standard says; Node streams it (an undici extension)', async () => {
    const chunks = async function* () {
      yield new TextEncoder().encode('chunk');
    };
    expect(await new Response(chunks() as unknown as BodyInit).text()).toBe('chunk');
    const lite = new LiteResponse(chunks() as unknown as BodyInit);
    expect(lite.headers.get('content-type')).toBe('text/plain;charset=UTF-8');
    expect(await lite.text()).toBe('[object AsyncGenerator]');
  });

  it('documented difference: text() and json() drop one byte order mark, as the standard says; Node drops two', async () => {
    const twoBoms = () => new Uint8Array([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf, 0x31]);
    expect(await new Response(twoBoms()).text()).toBe('1');
    expect(await new Response(twoBoms()).json()).toBe(1);
    expect(await new LiteResponse(twoBoms()).text()).toBe('\ufeff1');
    await expect(new LiteResponse(twoBoms()).json()).rejects.toThrow(SyntaxError);
    // One is dropped by both.
    await sameValueOnBoth(({ Response }) => new Response(new Uint8Array([0xef, 0xbb, 0xbf, 0x31])).json());
  });

  it('documented difference: Response.json with a null init is a 200, as the standard says; Node throws a TypeError', () => {
    expect(() => Response.json(1, null as unknown as ResponseInit)).toThrow(TypeError);
    expect(LiteResponse.json(1, null as unknown as ResponseInit).status).toBe(200);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Installed as globals, in a process of its own.

describe('install.ts in a child process', () => {
  it('puts the lite classes in place, loads no undici until FormData or fetch is touched, and stays in place after a formData() fallback', async () => {
    const install = fileURLToPath(new URL('../src/web/install.ts', import.meta.url));
    const web = fileURLToPath(new URL('../src/web/', import.meta.url));
    const script = `
      const UNDICI = 'NativeModule internal/deps/undici/undici';
      const undiciLoaded = () => process.moduleLoadList.includes(UNDICI);
      const out = { before: undiciLoaded() };
      await import(${JSON.stringify(install)});
      const { LiteRequest } = await import(${JSON.stringify(`${web}request.ts`)});
      const { LiteResponse } = await import(${JSON.stringify(`${web}response.ts`)});
      const { LiteHeaders } = await import(${JSON.stringify(`${web}headers.ts`)});
      const lite = () =>
        globalThis.Request === LiteRequest && globalThis.Response === LiteResponse && globalThis.Headers === LiteHeaders;
      out.installed = lite();
      const response = new Response('x', { status: 201, headers: { 'x-a': '1' } });
      const request = new Request('https://a.example/v1/token', { method: 'POST', body: '{}', headers: new Headers({ Authorization: 'Bearer t' }) });
      out.used = [response instanceof LiteResponse, response.status, await response.text(), request instanceof LiteRequest, request.headers.get('authorization'), await request.json()];
      out.afterUse = undiciLoaded();
      out.formData = [...(await new Response(new URLSearchParams('a=1&b=2')).formData())];
      out.afterFormData = undiciLoaded();
      out.stillInstalled = lite();
      new FormData();
      out.afterNewFormData = undiciLoaded();
      out.stillInstalledAfterFormData = lite();
      const fetched = await fetch('data:text/plain,fetched');
      out.fetch = [fetched instanceof LiteResponse, await fetched.text()];
      out.stillInstalledAfterFetch = lite();
      process.stdout.write(JSON.stringify(out));
    `;
    const { code, stdout, stderr } = await runNode(['--import', 'tsx', '--input-type=module', '-e', script]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      before: false,
      installed: true,
      used: [true, 201, 'x', true, 'Bearer t', {}],
      afterUse: false,
      formData: [
        ['a', '1'],
        ['b', '2'],
      ],
      afterFormData: true,
      stillInstalled: true,
      afterNewFormData: true,
      stillInstalledAfterFormData: true,
      fetch: [false, 'fetched'],
      stillInstalledAfterFetch: true,
    });
  });

  it('undici is loaded by FormData or a fetch() call, not before, and the lite globals stay', async () => {
    const install = fileURLToPath(new URL('../src/web/install.ts', import.meta.url));
    for (const touch of ['new FormData()', "await fetch('data:,x')"]) {
      const script = `
        const undiciLoaded = () => process.moduleLoadList.includes('NativeModule internal/deps/undici/undici');
        await import(${JSON.stringify(install)});
        const response = new Response(JSON.stringify({ ok: true }), { headers: { 'content-type': 'application/json' } });
        const before = [undiciLoaded(), await response.json()];
        ${touch};
        process.stdout.write(JSON.stringify([...before, undiciLoaded(), globalThis.Response === response.constructor]));
      `;
      const { code, stdout, stderr } = await runNode([
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        script,
      ]);
      expect({ touch, code, stderr, out: JSON.parse(stdout || 'null') }).toEqual({
        touch,
        code: 0,
        stderr: '',
        out: [false, { ok: true }, true, true],
      });
    }
  });
});

function runNode(args: string[]): Promise<ProcessRun> {
  return runProcess(process.execPath, args, {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    env: { PATH: process.env['PATH'] ?? '' },
  });
}
