// docs/ADAPTERS.md cannot fall behind the code: every port, contract suite, adapter and token
// is named in it, every path it names exists, and its code blocks are the test regions they quote.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TOKENS } from '../../src/tokens.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DOC = 'docs/ADAPTERS.md';
const PORTS = 'src/application/ports';

const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');
const doc = read(DOC);

/** Every .ts file under `dir`, as a repository path with forward slashes. */
function tsFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const file = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return tsFiles(file);
    return file.endsWith('.ts') ? [file] : [];
  });
}

const isTestCode = (file: string) => /\.test\.ts$|\.contract\.ts$|\/testing\//.test(file);
const unmentioned = (names: string[]) => names.filter((name) => !doc.includes(name));

/** The lines between `// #region name` and `// #endregion name`, without their common indentation. */
export function region(source: string, name: string): string | undefined {
  const lines = source.split('\n');
  const start = lines.findIndex((l) => l.trim() === `// #region ${name}`);
  const end = lines.findIndex((l, i) => i > start && l.trim() === `// #endregion ${name}`);
  if (start < 0 || end < 0) return undefined;
  const body = lines.slice(start + 1, end);
  const indent = Math.min(...body.filter((l) => l.trim()).map((l) => l.length - l.trimStart().length));
  return body.map((l) => l.slice(indent)).join('\n');
}

const QUOTE = /^<!-- quote: (\S+)#([\w-]+) -->\n```\w*\n([\s\S]*?)\n```/gm;

/** What differs between the quoted blocks of `markdown` and the regions they name. */
export function quoteMismatches(markdown: string): string[] {
  const problems: string[] = [];
  const markers = markdown.match(/^<!-- quote: /gm)?.length ?? 0;
  const quotes = [...markdown.matchAll(QUOTE)];
  if (quotes.length !== markers) problems.push(`${markers - quotes.length} quote marker(s) not followed by a code block`);
  for (const [, file, name, block] of quotes) {
    const source = existsSync(path.join(ROOT, file!)) ? read(file!) : '';
    const expected = region(source, name!);
    if (expected === undefined) problems.push(`${file}#${name}: no such region`);
    else if (expected !== block) problems.push(`${file}#${name}: the block differs from the region; copy the region into ${DOC}`);
  }
  return problems;
}

describe(`${DOC} names everything an integrator swaps`, () => {
  it('every file of the ports folder', () => {
    const files = readdirSync(path.join(ROOT, PORTS)).map((f) => `${PORTS}/${f}`);
    expect(files.length).toBeGreaterThan(10);
    expect(unmentioned(files)).toEqual([]);
  });

  it('every contract suite under src/', () => {
    const suites = tsFiles('src').filter((f) => f.endsWith('.contract.ts'));
    expect(unmentioned(suites)).toEqual([]);
  });

  it('every test file that runs a contract suite', () => {
    const runs = [...tsFiles('src'), ...tsFiles('test')].filter(
      (f) => f.endsWith('.test.ts') && !f.endsWith('adapters-doc.test.ts') && /\b[a-z]\w*Contract\(/.test(read(f)),
    );
    expect(runs.length).toBeGreaterThan(15);
    expect(unmentioned(runs)).toEqual([]);
  });

  it('every token of the composition root', () => {
    const missing = Object.keys(TOKENS).filter((key) => !new RegExp(`TOKENS\\.${key}\\b`).test(doc));
    expect(missing).toEqual([]);
  });

  it('every file under src/ with a class implementing a port or the UserChangeFeed', () => {
    const portTypes = new Set(['UserChangeFeed']);
    for (const file of tsFiles(PORTS).filter((f) => !isTestCode(f))) {
      for (const [, name] of read(file).matchAll(/export interface (\w+)/g)) portTypes.add(name!);
    }
    const adapters = tsFiles('src').filter((file) => {
      if (isTestCode(file)) return false;
      const implemented = [...read(file).matchAll(/class \w+(?: extends [\w.<>]+)? implements ([\w\s,<>]+?)\s*\{/g)].flatMap(([, list]) =>
        list!.split(',').map((t) => t.trim().replace(/<.*$/, '')),
      );
      return implemented.some((t) => portTypes.has(t));
    });
    expect(adapters.length).toBeGreaterThan(15);
    expect(unmentioned(adapters)).toEqual([]);
  });

  it('only paths that exist', () => {
    const paths = [...doc.matchAll(/`((?:src|test|docs|migrations)\/[\w./-]+)`/g)].map(([, p]) => p!);
    expect(paths.length).toBeGreaterThan(50);
    expect(paths.filter((p) => !existsSync(path.join(ROOT, p)))).toEqual([]);
  });
});

describe(`${DOC} quotes the tests it describes`, () => {
  it('every quoted block is its region, as it is now', () => {
    expect([...doc.matchAll(QUOTE)].length).toBeGreaterThanOrEqual(4);
    expect(quoteMismatches(doc)).toEqual([]);
  });

  it('notices a quote that no longer matches, and a region that is gone', () => {
    const edited = doc.replaceAll('maxConsecutiveFailures: 2', 'maxConsecutiveFailures: 3');
    expect(quoteMismatches(edited)).toEqual([expect.stringMatching(/#compose: the block differs/), expect.stringMatching(/#bind: the block differs/)]);
    expect(quoteMismatches(doc.replace('#contract -->', '#gone -->'))).toEqual(['test/integrators/contracts.test.ts#gone: no such region']);
  });
});
