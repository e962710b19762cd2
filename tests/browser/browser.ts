// One way for the test suites to drive a real browser: Debian's Chromium (installed by .ci/run through
// apt), controlled by playwright-core, which ships no browser of its own. Suites that need a browser call
// `launchBrowser()`; where no Chromium is installed it throws with the command that installs one, so a
// missing browser is a failing test, never a skipped one.
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** The Chromium executable: `CHROMIUM_PATH` when set, else the first of the usual install paths. */
export function chromiumPath(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return fromEnv;
  const found = CANDIDATES.find((path) => existsSync(path));
  if (!found) {
    throw new Error(
      'No Chromium found for the browser tests. Install it with `apt-get install -y chromium` ' +
        '(bash .ci/run does) or set CHROMIUM_PATH.',
    );
  }
  return found;
}

/** A headless Chromium. Close it in `afterAll`. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    // Containers run as root without a user namespace sandbox.
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
}
