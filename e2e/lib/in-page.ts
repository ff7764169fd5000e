import type { AxeResults } from 'axe-core';

/**
 * Types for code that runs inside the page (page.evaluate and addInitScript callbacks).
 * The repository's tsconfig compiles e2e/ for Node, without the DOM library, so those
 * callbacks reach browser globals through `page()` below: `globalThis` with these types.
 * Types only, erased before Playwright serialises a callback; `page` itself must be
 * written inline (`globalThis as unknown as PageGlobals`) because a serialised callback
 * cannot see module scope.
 */
export interface PageElement {
  tagName: string;
  id: string;
  classList: Iterable<string>;
  getBoundingClientRect(): { right: number };
}

export interface CspViolationEvent {
  violatedDirective: string;
  blockedURI: string;
  sourceFile: string;
  lineNumber: number;
}

export interface PageGlobals {
  innerWidth: number;
  document: {
    documentElement: { clientWidth: number; scrollWidth: number };
    querySelectorAll(selector: string): Iterable<PageElement>;
    addEventListener(type: 'securitypolicyviolation', listener: (e: CspViolationEvent) => void, capture: boolean): void;
  };
  /** Object.entries() of it lists the stored key/value pairs, as in the browser. */
  localStorage: { getItem(key: string): string | null; setItem(key: string, value: string): void; [key: string]: unknown };
  axe?: { run(context: unknown, options: object): Promise<AxeResults> };
  __e2eReportCsp(text: string): void;
  __e2eNoReload?: boolean;
}
