// Runs puppeteer-core (ESM only, which Jest's CommonJS runtime cannot load) in a worker thread
// and answers the test's requests (browser.ts) one message at a time: { id, method, params } →
// { id, result } | { id, error }. workerData: the options for puppeteer.launch.
import { parentPort, workerData } from 'node:worker_threads';
import puppeteer from 'puppeteer-core';

const browser = await puppeteer.launch(workerData);
const pages = new Map();
let nextPage = 0;
const pageOf = (id) => {
  const page = pages.get(id);
  if (page === undefined) throw new Error(`no page ${id}`);
  return page;
};

const methods = {
  async newPage({ javaScript, viewport }) {
    const page = await browser.newPage();
    if (viewport) await page.setViewport(viewport);
    await page.setJavaScriptEnabled(javaScript);
    nextPage += 1;
    pages.set(nextPage, page);
    return nextPage;
  },
  goto: async ({ page, url }) => void (await pageOf(page).goto(url, { waitUntil: 'load' })),
  evaluate: ({ page, expression }) => pageOf(page).evaluate(expression),
  click: ({ page, selector }) => pageOf(page).click(selector),
  waitFor: async ({ page, expression, timeout }) => void (await pageOf(page).waitForFunction(expression, { timeout })),
  screenshot: async ({ page, path }) => void (await pageOf(page).screenshot({ path, fullPage: true })),
  closePage: async ({ page }) => {
    await pageOf(page).close();
    pages.delete(page);
  },
  close: () => browser.close(),
};

parentPort.on('message', async ({ id, method, params }) => {
  try {
    const result = await methods[method](params);
    parentPort.postMessage({ id, result: result ?? null });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
parentPort.postMessage({ ready: true });
