// A Chromium driven by puppeteer-core in a worker thread (browserWorker.mjs): puppeteer-core is
// ESM only and Jest runs tests as CommonJS, so the test talks to it by message.
import path from 'node:path';
import { Worker } from 'node:worker_threads';

type Reply = { id: number; result?: unknown; error?: string } | { ready: true };

/** A page of the {@link RemoteBrowser}. */
export interface RemotePage {
  goto(url: string): Promise<void>;
  /** Evaluates a JavaScript expression in the page (a string: the project compiles without the DOM types). */
  evaluate<T>(expression: string): Promise<T>;
  click(selector: string): Promise<void>;
  /** Waits until `expression` is truthy in the page. */
  waitFor(expression: string, timeoutMs: number): Promise<void>;
  screenshot(file: string): Promise<void>;
  close(): Promise<void>;
}

/** The browser in its worker. */
export interface RemoteBrowser {
  newPage(options: { javaScript: boolean; viewport?: { width: number; height: number } }): Promise<RemotePage>;
  /** Closes the browser and ends the worker. */
  close(): Promise<void>;
}

/**
 * Launches Chromium (`CHROMIUM_PATH`, default /usr/bin/chromium) headless in a worker thread.
 *
 * @example
 * ```ts
 * const browser = await launchBrowser();
 * const page = await browser.newPage({ javaScript: false });
 * ```
 */
export async function launchBrowser(): Promise<RemoteBrowser> {
  const worker = new Worker(path.join(__dirname, 'browserWorker.mjs'), {
    workerData: { executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--headless=new'] },
  });
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let next = 0;
  await new Promise<void>((resolve, reject) => {
    worker.once('error', reject);
    worker.on('message', (reply: Reply) => {
      if ('ready' in reply) return resolve();
      const call = waiting.get(reply.id);
      waiting.delete(reply.id);
      if (reply.error !== undefined) call?.reject(new Error(reply.error));
      else call?.resolve(reply.result);
    });
  });
  worker.on('error', (error) => {
    for (const call of waiting.values()) call.reject(error);
    waiting.clear();
  });
  const send = <T>(method: string, params: Record<string, unknown> = {}): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      next += 1;
      waiting.set(next, { resolve: (value) => resolve(value as T), reject });
      worker.postMessage({ id: next, method, params });
    });

  return {
    async newPage(options) {
      const page = await send<number>('newPage', options);
      return {
        goto: (url) => send('goto', { page, url }),
        evaluate: (expression) => send('evaluate', { page, expression }),
        click: (selector) => send('click', { page, selector }),
        waitFor: (expression, timeout) => send('waitFor', { page, expression, timeout }),
        screenshot: (file) => send('screenshot', { page, path: file }),
        close: () => send('closePage', { page }),
      };
    },
    async close() {
      try {
        await send('close');
      } finally {
        await worker.terminate();
      }
    },
  };
}
