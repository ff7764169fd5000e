// docs/DEPLOYMENT.md explains the nginx file setting by setting; every setting it quotes must
// be in the file the production-shaped runs use, so the explanation cannot drift from it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const doc = readFileSync('docs/DEPLOYMENT.md', 'utf8');
const template = readFileSync('deploy/nginx/orderly.conf.template', 'utf8');
const squeeze = (text: string) => text.replace(/\s+/g, ' ');

/** The backticked spans of the "setting" column of the "What it does, block by block" table. */
function quotedSettings(): string[] {
  const table = doc.split('What it does, block by block:')[1]!.split('\n\n')[1]!;
  const rows = table.split('\n').filter((line) => line.startsWith('|') && !/^\|\s*(part|---)/.test(line));
  const settings = rows.map((row) => row.split('|')[2] ?? '');
  // "…" and "<API origin>" mark a setting quoted in part or with a placeholder for the reader's
  // value; "Name: value" is a response header a setting produces, not the setting.
  return settings
    .flatMap((cell) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!))
    .filter((s) => !/[…<]/.test(s) && !/^[A-Z][\w-]+: /.test(s));
}

describe('docs/DEPLOYMENT.md and the nginx template', () => {
  it('quotes only settings the template has', () => {
    const settings = quotedSettings();
    expect(settings.length).toBeGreaterThan(10);
    const missing = settings.filter((setting) => !squeeze(template).includes(squeeze(setting)));
    expect(missing).toEqual([]);
  });

  it('never lets nginx re-send a request that may have reached an instance, as the document says', () => {
    expect(doc).toContain('`non_idempotent` is deliberately\nabsent');
    expect(template).not.toMatch(/proxy_next_upstream[^;]*non_idempotent/);
  });
});
