import autocannon from 'autocannon';

export interface LoadOptions {
  url: string;
  /** Connections of a full-speed run; ignored with a rate (see `paced`). */
  connections: number;
  durationSeconds: number;
  headers?: Record<string, string>;
  /** Requests per second overall, spread evenly over the second; full speed when absent. */
  overallRate?: number;
}

export interface LoadResult {
  requestsPerSecond: number;
  /** Latency percentiles in milliseconds, at microsecond resolution. */
  p50: number;
  p99: number;
  requests: number;
  /** Non-2xx answers plus connection errors and timeouts: a run with any is not a valid measurement. */
  failures: number;
}

/** Paced runs are split over this many single-connection autocannon instances (see `paced`). */
export const PACERS = 10;

interface Run {
  latencies: number[];
  result: autocannon.Result;
}

/**
 * One autocannon instance. Latencies come from the per-response event because autocannon's
 * own histogram has 1 ms resolution, too coarse for a sub-millisecond p99. Its
 * coordinated-omission correction stays off: it assumes a 1 ms send interval whatever the
 * rate (`Math.ceil(1 / rate)`), which would add made-up samples to every response over 1 ms.
 */
function run(options: autocannon.Options): Promise<Run> {
  const latencies: number[] = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon({ ...options, ignoreCoordinatedOmission: options.overallRate !== undefined }, (err, result) =>
      err ? reject(err as Error) : resolve({ latencies, result }),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
    });
  });
}

/**
 * autocannon's rate limit lets each connection send its whole share of a second
 * back-to-back, then waits for the next second: all connections burst together at every
 * tick and the server idles in between, so the p99 measures that self-made queue. Here
 * PACERS instances of one connection each start 1/PACERS of a second apart, so small
 * bursts arrive evenly through the second, closer to a steady rate.
 */
async function paced(options: LoadOptions, rate: number): Promise<Run[]> {
  const share = Math.max(1, Math.round(rate / PACERS));
  return Promise.all(
    Array.from({ length: PACERS }, async (_, i) => {
      await new Promise((r) => setTimeout(r, (i * 1000) / PACERS));
      return run({ url: options.url, headers: options.headers ?? {}, connections: 1, overallRate: share, duration: options.durationSeconds });
    }),
  );
}

export async function load(options: LoadOptions): Promise<LoadResult> {
  return summarize(await runs(options));
}

function runs(options: LoadOptions): Promise<Run[]> {
  return options.overallRate
    ? paced(options, options.overallRate)
    : run({ url: options.url, headers: options.headers ?? {}, connections: options.connections, duration: options.durationSeconds }).then((r) => [r]);
}

export interface Alternation {
  baseline: LoadResult;
  subject: LoadResult;
  /** subject / baseline req/s of each round, in order. */
  ratios: number[];
  /** The median of `ratios`: what a slow spell of the machine during one window cannot move. */
  medianRatio: number;
}

export interface AlternationHooks {
  /** Runs before each subject window, e.g. to start the background work the subject is measured under. */
  beforeSubject?: () => Promise<void>;
  /** Runs after each subject window, e.g. to stop that work so the next baseline window is clean. */
  afterSubject?: () => Promise<void>;
}

/**
 * Measures two targets in alternating windows (baseline, subject, baseline, …), so both see
 * the same machine: on a shared VM the speed drifts over tens of seconds, and one long
 * window each can land a slow spell on one side only. Each side's figures pool its windows.
 */
export async function alternate(baseline: LoadOptions, subject: LoadOptions, rounds: number, hooks: AlternationHooks = {}): Promise<Alternation> {
  const windows: [Run[][], Run[][]] = [[], []];
  const ratios: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const a = await runs(baseline);
    await hooks.beforeSubject?.();
    const b = await runs(subject);
    await hooks.afterSubject?.();
    windows[0].push(a);
    windows[1].push(b);
    ratios.push(summarize(b).requestsPerSecond / summarize(a).requestsPerSecond);
  }
  return { baseline: pool(windows[0]), subject: pool(windows[1]), ratios, medianRatio: median(ratios) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Windows ran one after another: latencies pool, the rate is their mean. */
function pool(windows: Run[][]): LoadResult {
  const all = summarize(windows.flat());
  const rates = windows.map((w) => summarize(w).requestsPerSecond);
  return { ...all, requestsPerSecond: rates.reduce((sum, r) => sum + r, 0) / rates.length };
}

/** The runs of one window, all at the same time (one, or the pacers): their rates add up. */
function summarize(runs: Run[]): LoadResult {
  const latencies = runs.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
  const failures = runs.reduce((sum, { result }) => sum + result.non2xx + result.errors + result.timeouts, 0);
  return {
    requestsPerSecond: runs.reduce((sum, r) => sum + r.latencies.length / r.result.duration, 0),
    p50: at(0.5),
    p99: at(0.99),
    requests: latencies.length,
    failures,
  };
}
