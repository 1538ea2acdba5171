// A real Chromium for browser tests: Debian's package (installed by .ci/run), driven by playwright-core.
// The flags keep it off the network: this machine has none, and a page must not need it.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** One Chromium per test process: vitest runs the files one after another in it (isolate: false). */
let shared: Promise<Browser> | undefined;

function launch(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH))
    throw new Error(`No Chromium at ${CHROMIUM_PATH}: install Debian's chromium package (see .ci/run) or set CHROMIUM_PATH.`);
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * The Chromium of this test process, as a browser of the caller's own: every page it opens is in a
 * context of its own (cookies, storage and cache apart, as in a fresh browser), and its `close()` closes
 * those contexts, leaving the browser for the next test file. Starting Chromium for every file cost a
 * second or two of CPU each; one that crashed or was closed is started again.
 */
export async function launchChromium(): Promise<Browser> {
  let browser = await (shared ??= launch());
  if (!browser.isConnected()) browser = await (shared = launch());
  const mine = new Set<BrowserContext>();
  const own = <T extends { context(): BrowserContext } | BrowserContext>(made: T): T => {
    mine.add('context' in made ? made.context() : made);
    return made;
  };
  return new Proxy(browser, {
    get(target, prop) {
      if (prop === 'newContext') return async (...args: Parameters<Browser['newContext']>) => own(await target.newContext(...args));
      if (prop === 'newPage') return async (...args: Parameters<Browser['newPage']>) => own(await target.newPage(...args));
      if (prop === 'contexts') return () => target.contexts().filter((c) => mine.has(c));
      if (prop === 'close')
        return async () => {
          await Promise.all([...mine].map((c) => c.close().catch(() => {})));
          mine.clear();
        };
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
