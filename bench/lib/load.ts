import autocannon from 'autocannon';

export interface LoadOptions {
  url: string;
  connections: number;
  durationSeconds: number;
  headers?: Record<string, string>;
  /** Requests per second over all connections; unlimited when absent. */
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

/**
 * One autocannon run. Latencies are collected from the per-response event because
 * autocannon's own histogram has 1 ms resolution, too coarse for a sub-millisecond p99.
 * Its coordinated-omission correction is off: with a rate it assumes a 1 ms send interval
 * whatever the rate (`Math.ceil(1 / rate)`), which would add made-up samples to every
 * response slower than 1 ms. Its pacing sends each connection's share of a second
 * back-to-back and then waits for the next second, so idle and burst runs see the same
 * pattern and their p99s compare like with like.
 */
export async function load(options: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        duration: options.durationSeconds,
        headers: options.headers ?? {},
        ...(options.overallRate ? { overallRate: options.overallRate, ignoreCoordinatedOmission: true } : {}),
      },
      (err, res) => (err ? reject(err as Error) : resolve(res)),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
    });
  });
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
  return {
    requestsPerSecond: latencies.length / result.duration,
    p50: at(0.5),
    p99: at(0.99),
    requests: latencies.length,
    failures: result.non2xx + result.errors + result.timeouts,
  };
}
