// useAgoraToken's timers, with React stood in for by a one-component stub (state kept, effects run and
// cleaned up when the test says, as StrictMode does at once), a stub fetch and Vitest's fake timers.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTokenSource } from '../src/index.js';
import { stubFetch, tokenAnswer } from './support.js';

const react = vi.hoisted(() => ({
  effects: [] as (() => (() => void) | undefined)[],
  state: undefined as unknown,
}));

vi.mock('react', () => ({
  useState: (init: unknown) => {
    if (react.state === undefined) react.state = typeof init === 'function' ? init() : init;
    return [
      react.state,
      (next: unknown) => {
        react.state = typeof next === 'function' ? next(react.state) : next;
      },
    ];
  },
  useEffect: (effect: () => (() => void) | undefined) => {
    react.effects.push(effect);
  },
  useRef: (current: unknown) => ({ current }),
}));

const { useAgoraToken } = await import('../src/react.js');

const ask = { type: 'rtc', channel: 'hook', uid: 3 } as const;

function Component({ source }: { source: ReturnType<typeof createTokenSource> }) {
  useAgoraToken(source, ask);
}

/** Renders the component once and runs its effect; returns the cleanup. */
function mount(source: ReturnType<typeof createTokenSource>) {
  react.effects = [];
  react.state = undefined;
  Component({ source });
  return react.effects.map((e) => e())[0]!;
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('useAgoraToken', () => {
  it('a transient failure with a Retry-After is tried again after it, not every 5 s', async () => {
    const { f, sent } = stubFetch(() =>
      Response.json({ code: 'ERR_RATE_LIMITED' }, { status: 429, headers: { 'retry-after': '120' } }),
    );
    const cleanup = mount(createTokenSource({ baseUrl: 'https://tokens.test', fetch: f }));
    await vi.advanceTimersByTimeAsync(119_000);
    expect(sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent).toHaveLength(2);
    cleanup();
  });

  it('a cached token heard after an immediate cleanup (StrictMode) leaves no timer behind', async () => {
    const { f } = stubFetch(() => tokenAnswer());
    const source = createTokenSource({ baseUrl: 'https://tokens.test', fetch: f });
    await source.get(ask);
    mount(source)(); // the effect, then at once its cleanup
    await vi.advanceTimersByTimeAsync(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a token stale on arrival is fetched again after 5 s, not in a busy loop', async () => {
    const { f, sent } = stubFetch(() => tokenAnswer(1));
    const cleanup = mount(createTokenSource({ baseUrl: 'https://tokens.test', fetch: f }));
    await vi.advanceTimersByTimeAsync(4999);
    expect(sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toHaveLength(2);
    cleanup();
    expect(vi.getTimerCount()).toBe(0);
  });
});
