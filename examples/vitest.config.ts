// The examples: the contract suite against each example on its platform's runtime (Deno and Bun as their
// registry binaries, functions-framework on Node, the Vercel and Netlify handlers called with Web
// Requests), and the token library's own tests on Deno and Bun.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'examples',
    root: fileURLToPath(new URL('.', import.meta.url)),
    include: ['*/tests/**/*.test.ts'],
    testTimeout: 30_000,
  },
});
