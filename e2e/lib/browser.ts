import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Result } from 'axe-core';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import type { PageGlobals } from './in-page.js';

export const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 800 } };
export const MOBILE: BrowserContextOptions = { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1 };
/**
 * E2E_SCREENSHOT_DIR lets CI keep its screenshots out of the committed ones. The committed
 * ones come from the standard stack; a prod-like run writes its own into a temp dir.
 */
export const SCREENSHOT_DIR = process.env.E2E_SCREENSHOT_DIR
  ?? (process.env.E2E_STACK === 'prod-like' ? path.join(tmpdir(), 'orderly-e2e-prod-like-screenshots') : 'docs/screenshots');

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * The browser, one context per actor (separate storage, like separate people), and the
 * collection of everything that should never happen in a page: console errors, uncaught
 * exceptions, CSP violations.
 */
export class BrowserSession {
  private problems: string[] = [];
  private allowed: RegExp[] = [];

  private constructor(readonly browser: Browser, readonly baseUrl: string) {}

  static async launch(baseUrl: string): Promise<BrowserSession> {
    const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
    return new BrowserSession(await chromium.launch({ executablePath, args: CHROMIUM_ARGS }), baseUrl);
  }

  /** What went wrong in any page since the last call. */
  takeProblems(): string[] {
    const found = this.problems;
    this.problems = [];
    return found;
  }

  /** Runs `body` with these browser messages expected (e.g. the network 401 a forged token gets). */
  async allowing<T>(patterns: RegExp[], body: () => Promise<T>): Promise<T> {
    this.allowed.push(...patterns);
    try {
      return await body();
    } finally {
      this.allowed = this.allowed.filter((p) => !patterns.includes(p));
    }
  }

  private report(label: string, text: string): void {
    if (!this.allowed.some((p) => p.test(text))) this.problems.push(`[${label}] ${text}`);
  }

  /** A new person at the app: their own context (storage, clock), one page. */
  async actor(label: string, options: BrowserContextOptions = DESKTOP, setup?: (page: Page) => Promise<void>): Promise<Page> {
    const context = await this.browser.newContext({ baseURL: this.baseUrl, ...options });
    await context.exposeBinding('__e2eReportCsp', (_source, text: string) => this.report(label, `CSP violation: ${text}`));
    await context.addInitScript(() => {
      const g = globalThis as unknown as PageGlobals;
      g.document.addEventListener(
        'securitypolicyviolation',
        (e) => g.__e2eReportCsp(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`),
        true,
      );
    });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    page.on('console', (msg) => {
      if (msg.type() !== 'error') return;
      const where = msg.location().url ? ` (${msg.location().url}:${msg.location().lineNumber})` : '';
      this.report(label, `console.error: ${msg.text()}${where}`);
    });
    page.on('pageerror', (err) => this.report(label, `uncaught exception: ${err.message}`));
    page.on('crash', () => this.report(label, 'the page crashed'));
    await setup?.(page);
    return page;
  }

  async close(): Promise<void> {
    await this.browser.close();
  }
}

const describeViolation = (v: Result) =>
  `${v.impact ?? 'unknown'}: ${v.id} — ${v.help} (${v.nodes.length}×: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')})`;

/**
 * axe-core on the current page; serious or critical violations fail. It goes in through
 * page.evaluate (the DevTools protocol), because the app's CSP (`script-src 'self'`)
 * rightly blocks the inline <script> that page.addScriptTag would add.
 */
export async function checkAccessibility(page: Page, label: string): Promise<void> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate(() => {
    const g = globalThis as unknown as PageGlobals;
    return g.axe!.run(g.document, { resultTypes: ['violations'] });
  });
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const minor = results.violations.filter((v) => !serious.includes(v));
  if (minor.length) console.log(`      axe (${label}), not failing: ${minor.map(describeViolation).join('; ')}`);
  if (serious.length) throw new Error(`axe found serious/critical violations on ${label}:\n${serious.map((v) => `  ${describeViolation(v)}`).join('\n')}`);
}

/**
 * At phone width nothing may stick out sideways: scrollWidth ≤ innerWidth, and ≤ the layout
 * viewport (clientWidth) too, because under mobile emulation Chromium widens innerWidth to
 * the content (a 600 px element makes it 616), which would let any overflow pass.
 */
export async function checkNoHorizontalOverflow(page: Page, label: string): Promise<void> {
  const r = await page.evaluate(() => {
    const { document, innerWidth } = globalThis as unknown as PageGlobals;
    const width = Math.min(innerWidth, document.documentElement.clientWidth);
    const scrollWidth = document.documentElement.scrollWidth;
    const culprits = scrollWidth <= width ? [] : [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > width + 0.5)
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${[...el.classList].join('.')}`);
    return { width, innerWidth, scrollWidth, culprits };
  });
  if (r.scrollWidth > r.width) {
    throw new Error(`${label}: horizontal overflow at ${r.width}px (scrollWidth ${r.scrollWidth}, innerWidth ${r.innerWidth}); widest: ${r.culprits.join(', ')}`);
  }
}

export async function screenshot(page: Page, name: string, fullPage = false): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage, animations: 'disabled', caret: 'hide' });
  return file;
}

/** A flag in the page's JS heap: it survives SPA navigation and live updates, but not a reload. */
export const markNoReload = (page: Page) => page.evaluate(() => void ((globalThis as unknown as PageGlobals).__e2eNoReload = true));
export const stillNoReload = (page: Page) => page.evaluate(() => (globalThis as unknown as PageGlobals).__e2eNoReload === true);
