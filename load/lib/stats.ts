/**
 * What clients saw, per phase of the run ("steady", or the fault being injected). Every
 * response status and every transport error is counted where it happened, so a fault's
 * report says exactly what clients experienced while it lasted.
 */
export class PhaseClock {
  private current = 'setup';
  get phase(): string {
    return this.current;
  }
  set phase(name: string) {
    this.current = name;
  }
}

type Counter = Map<string, number>;

const bump = (map: Counter, key: string, by = 1) => map.set(key, (map.get(key) ?? 0) + by);

export class Stats {
  /** phase → "METHOD route status" (or "... error:CODE") → count */
  private readonly seen = new Map<string, Counter>();
  /** phase → label → count (retries, reconnects, ...) */
  private readonly counters = new Map<string, Counter>();

  constructor(readonly clock: PhaseClock) {}

  response(route: string, outcome: string): void {
    const phase = this.clock.phase;
    bump(this.seen.get(phase) ?? this.seen.set(phase, new Map()).get(phase)!, `${route} ${outcome}`);
  }

  count(label: string, by = 1): void {
    const phase = this.clock.phase;
    bump(this.counters.get(phase) ?? this.counters.set(phase, new Map()).get(phase)!, label, by);
  }

  phases(): string[] {
    return [...new Set([...this.seen.keys(), ...this.counters.keys()])];
  }

  responses(phase: string): Array<[string, number]> {
    return [...(this.seen.get(phase) ?? new Map<string, number>())].sort(([a], [b]) => a.localeCompare(b));
  }

  counted(phase: string): Array<[string, number]> {
    return [...(this.counters.get(phase) ?? new Map<string, number>())].sort(([a], [b]) => a.localeCompare(b));
  }

  /** Sum over phases of the responses whose outcome matches. */
  total(match: (key: string) => boolean, phase?: string): number {
    let sum = 0;
    for (const [p, counter] of this.seen) {
      if (phase !== undefined && p !== phase) continue;
      for (const [key, n] of counter) if (match(key)) sum += n;
    }
    return sum;
  }

  counterTotal(label: string, phase?: string): number {
    let sum = 0;
    for (const [p, counter] of this.counters) if (phase === undefined || p === phase) sum += counter.get(label) ?? 0;
    return sum;
  }
}
