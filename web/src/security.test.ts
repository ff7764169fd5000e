import { describe, expect, it } from 'vitest';

// Every production source file of the SPA, as text (tests and test helpers excluded).
const sources = import.meta.glob<string>(['./**/*.{ts,vue}', '!./**/*.test.ts', '!./testing/**'], {
  query: '?raw',
  import: 'default',
  eager: true,
});
const files = Object.entries(sources);

describe('SPA security rules (SECURITY.md 20, 23)', () => {
  it('reads the source files', () => {
    expect(files.length).toBeGreaterThan(20);
    expect(files.map(([path]) => path)).toContain('./stores/auth.ts');
  });

  it('only the auth store (through its storage helper) touches Web Storage', () => {
    const touching = files.filter(([, text]) => /\b(localStorage|sessionStorage)\b/.test(text)).map(([path]) => path);
    expect(touching.sort()).toEqual(['./lib/storage.ts', './stores/auth.ts']);
    const usingHelper = files.filter(([, text]) => /from '(\.\.?\/)+lib\/storage'/.test(text)).map(([path]) => path);
    expect(usingHelper).toEqual(['./stores/auth.ts']);
  });

  it('never renders HTML from strings', () => {
    const offenders = files.filter(([, text]) => /v-[h]tml|innerHTML|outerHTML|insertAdjacentHTML|document\.write/.test(text));
    expect(offenders.map(([path]) => path)).toEqual([]);
  });

  it('needs no unsafe-inline or unsafe-eval under the production CSP', () => {
    const offenders = files.filter(([, text]) => /\sstyle="|:style=|\beval\(|new Function\(/.test(text));
    expect(offenders.map(([path]) => path)).toEqual([]);
  });
});
