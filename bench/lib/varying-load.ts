import autocannon from 'autocannon';

export interface VaryingLoadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  requests: number;
  failures: number;
}

/**
 * Full-speed load where every request may differ (another order id, another body):
 * `next(i)` returns the i-th request's path, method and body. Latencies come from each
 * response, as in load.ts, for sub-millisecond resolution.
 */
export function varyingLoad(options: {
  baseUrl: string;
  connections: number;
  durationSeconds: number;
  headers: Record<string, string>;
  next: (i: number) => { path: string; method?: 'GET' | 'PATCH' | 'POST'; body?: string };
}): Promise<VaryingLoadResult> {
  let i = 0;
  const latencies: number[] = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.baseUrl,
        connections: options.connections,
        duration: options.durationSeconds,
        requests: [
          {
            setupRequest: (request) => {
              const spec = options.next(i++);
              return { ...request, path: spec.path, method: spec.method ?? 'GET', body: spec.body, headers: { ...options.headers, 'content-type': 'application/json' } };
            },
          },
        ],
      },
      (err, result) => {
        if (err) return reject(err as Error);
        latencies.sort((a, b) => a - b);
        const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
        resolve({
          requestsPerSecond: latencies.length / result.duration,
          p50: at(0.5),
          p99: at(0.99),
          requests: latencies.length,
          failures: result.non2xx + result.errors + result.timeouts,
        });
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
    });
  });
}
