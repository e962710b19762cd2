// exchangeFromRequest's body: through the capped stream reader, whatever Content-Length says, never more
// than maxBodyBytes + 1 bytes (enough to answer 413); in one call only where the runtime frames bodies by
// their Content-Length (framedBodies) and the length is within the limit.
import { describe, expect, it } from 'vitest';
import { exchangeFromRequest } from '../src/fetch.js';

const LIMIT = 16;

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let pulls = 0;
  return new ReadableStream({
    pull(controller) {
      const next = chunks[pulls++];
      if (next === undefined) controller.close();
      else controller.enqueue(encoder.encode(next));
    },
  });
}

const post = (body: BodyInit, headers: Record<string, string> = {}) =>
  new Request('https://t.example/v1/tokens/rtc', {
    method: 'POST',
    body,
    headers,
    ...({ duplex: 'half' } as object),
  });

const text = (b: Uint8Array | null) => (b === null ? null : new TextDecoder().decode(b));

describe('exchangeFromRequest body', () => {
  it('a body with a Content-Length within the limit arrives whole', async () => {
    // as a server hands it over (a Request built in-process has no Content-Length header)
    const e = await exchangeFromRequest(post('{"channel":"a"}', { 'content-length': '15' }), LIMIT);
    expect(e.headers['content-length']).toBe('15');
    expect(text(e.body)).toBe('{"channel":"a"}');
  });

  it('a body over the limit is cut at limit + 1 bytes, with or without a length', async () => {
    const long = 'x'.repeat(100);
    expect((await exchangeFromRequest(post(long), LIMIT)).body?.byteLength).toBe(LIMIT + 1);
    const declared = await exchangeFromRequest(post(long, { 'content-length': '100' }), LIMIT);
    expect(declared.body?.byteLength).toBe(LIMIT + 1);
    const streamed = await exchangeFromRequest(
      post(streamOf(['x'.repeat(10), 'y'.repeat(10), 'z'.repeat(90)])),
      LIMIT,
    );
    expect(streamed.headers['content-length']).toBeUndefined();
    expect(text(streamed.body)).toBe(`${'x'.repeat(10)}${'y'.repeat(7)}`);
  });

  it('a Content-Length smaller than the streamed body does not lift the cap', async () => {
    const lying = post(streamOf(['a'.repeat(10), 'b'.repeat(90)]), { 'content-length': '10' });
    expect((await exchangeFromRequest(lying, LIMIT)).body?.byteLength).toBe(LIMIT + 1);
  });

  it('a streamed body within the limit is joined from its chunks', async () => {
    const e = await exchangeFromRequest(post(streamOf(['{"a"', ':', '1}'])), LIMIT);
    expect(text(e.body)).toBe('{"a":1}');
  });

  it('no body is null', async () => {
    expect((await exchangeFromRequest(new Request('https://t.example/healthz'), LIMIT)).body).toBeNull();
  });
});

describe('exchangeFromRequest body on a runtime that frames bodies (framedBodies)', () => {
  const framed = { framedBodies: true };
  /** Counts the one-call reads (`arrayBuffer`); anything else is the capped reader. */
  const reads = (request: Request) => {
    const calls = { arrayBuffer: 0 };
    const arrayBuffer = request.arrayBuffer.bind(request);
    request.arrayBuffer = () => {
      calls.arrayBuffer++;
      return arrayBuffer();
    };
    return calls;
  };

  it('a declared length within the limit is read in one call', async () => {
    const request = post('{"channel":"a"}', { 'content-length': '15' });
    const calls = reads(request);
    const e = await exchangeFromRequest(request, LIMIT, framed);
    expect(text(e.body)).toBe('{"channel":"a"}');
    expect(calls.arrayBuffer).toBe(1);
  });

  it('a declared length over the limit, none, a chunked or a non-decimal one goes through the capped reader', async () => {
    const cases: Array<[BodyInit, Record<string, string>]> = [
      ['x'.repeat(100), { 'content-length': '100' }],
      [streamOf(['x'.repeat(10), 'y'.repeat(90)]), {}],
      [
        streamOf(['x'.repeat(10), 'y'.repeat(90)]),
        { 'content-length': '10', 'transfer-encoding': 'chunked' },
      ],
      [streamOf(['x'.repeat(10), 'y'.repeat(90)]), { 'content-length': '1e1' }],
    ];
    for (const [body, headers] of cases) {
      const request = post(body, headers);
      const calls = reads(request);
      const e = await exchangeFromRequest(request, LIMIT, framed);
      expect(e.body?.byteLength).toBe(LIMIT + 1);
      expect(calls.arrayBuffer).toBe(0);
    }
  });

  it('no body is null', async () => {
    const e = await exchangeFromRequest(new Request('https://t.example/healthz'), LIMIT, framed);
    expect(e.body).toBeNull();
  });
});
