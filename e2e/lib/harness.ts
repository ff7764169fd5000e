/**
 * A minimal runner: journeys of dependent steps. A failed step skips the rest of its
 * journey (they build on it) but not the other journeys. After every step the browser's
 * collected problems (console errors, page errors, CSP violations) are checked: any
 * unexpected one fails that step.
 */
export type Status = 'passed' | 'failed' | 'skipped';

export interface StepResult {
  journey: string;
  step: string;
  status: Status;
  ms: number;
  error?: string;
}

/** `soft`: a failure is reported but does not skip the journey's later steps (independent checks). */
export type Step = (name: string, body: () => Promise<void>, opts?: { soft?: boolean }) => Promise<void>;

const color = (code: number, text: string) => (process.stdout.isTTY ? `\x1b[${code}m${text}\x1b[0m` : text);
const MARK: Record<Status, string> = { passed: color(32, '✓'), failed: color(31, '✗'), skipped: color(33, '-') };
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export class Run {
  readonly results: StepResult[] = [];
  private readonly started = Date.now();

  /** `problems()` returns (and forgets) what went wrong in the browser since the last call. */
  constructor(private readonly problems: () => string[] = () => []) {}

  async journey(name: string, body: (step: Step) => Promise<void>): Promise<void> {
    console.log(`\n${name}`);
    let failed = false;
    const step: Step = async (stepName, run, opts = {}) => {
      if (failed) {
        this.record({ journey: name, step: stepName, status: 'skipped', ms: 0 });
        return;
      }
      const start = Date.now();
      try {
        await run();
        const found = this.problems();
        if (found.length) throw new Error(`browser problems:\n${found.map((p) => `  • ${p}`).join('\n')}`);
        this.record({ journey: name, step: stepName, status: 'passed', ms: Date.now() - start });
      } catch (err) {
        if (!opts.soft) failed = true;
        const late = this.problems(); // reported with this failure, not blamed on the next step
        const message = [err instanceof Error ? err.message : String(err), ...late.map((p) => `  • ${p}`)].join('\n');
        this.record({ journey: name, step: stepName, status: 'failed', ms: Date.now() - start, error: message });
      }
    };
    try {
      await body(step);
    } catch (err) {
      // Code between steps should not throw; if it does, it is this journey's failure.
      this.record({ journey: name, step: '(journey code outside a step)', status: 'failed', ms: 0, error: String(err) });
    }
  }

  private record(result: StepResult): void {
    this.results.push(result);
    const time = result.status === 'skipped' ? '' : color(90, ` (${seconds(result.ms)})`);
    console.log(`  ${MARK[result.status]} ${result.step}${time}`);
    if (result.error) console.log(color(31, result.error.split('\n').map((l) => `      ${l}`).join('\n')));
  }

  /** Prints the summary; true when nothing failed. */
  summarize(): boolean {
    const count = (s: Status) => this.results.filter((r) => r.status === s).length;
    const failures = this.results.filter((r) => r.status === 'failed');
    console.log(`\n${'─'.repeat(60)}\nE2E summary`);
    for (const f of failures) console.log(`  ${MARK.failed} ${f.journey} › ${f.step}\n${color(31, (f.error ?? '').split('\n').map((l) => `      ${l}`).join('\n'))}`);
    const ok = failures.length === 0 && count('passed') > 0;
    console.log(`  ${count('passed')} passed, ${count('failed')} failed, ${count('skipped')} skipped in ${seconds(Date.now() - this.started)}`);
    console.log(ok ? color(32, 'E2E PASSED') : color(31, 'E2E FAILED'));
    return ok;
  }
}

/** Waits for `check` to hold; fails with `message` (which should say what is probably wrong). */
export async function eventually(check: () => Promise<boolean>, message: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${message} (waited ${seconds(timeoutMs)})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}
