import type { Credentials } from '../../scripts/lib/demo-accounts.js';

export interface BurstReport {
  logins: number;
  /** Status code → count, for anything but 200 (e.g. 503 when the hash queue is full). */
  refused: Record<string, number>;
  loginsPerSecond: number;
  /** How long the burst ran. */
  seconds: number;
}

export interface LoginBurst {
  stop(): Promise<BurstReport>;
}

/** `concurrency` clients, each signing in again as soon as its previous sign-in answered. */
export function startLoginBurst(baseUrl: string, credentials: Credentials, concurrency: number): LoginBurst {
  let running = true;
  let logins = 0;
  const refused: Record<string, number> = {};
  const started = performance.now();
  const body = JSON.stringify(credentials);
  const loop = async () => {
    while (running) {
      const response = await fetch(`${baseUrl}/api/auth/email-login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body,
      }).catch(() => undefined);
      await response?.arrayBuffer();
      const status = response ? String(response.status) : 'network error';
      if (status === '200') logins += 1;
      else refused[status] = (refused[status] ?? 0) + 1;
    }
  };
  const loops = Array.from({ length: concurrency }, loop);
  return {
    stop: async () => {
      running = false;
      await Promise.all(loops);
      const seconds = (performance.now() - started) / 1000;
      return { logins, refused, loginsPerSecond: logins / seconds, seconds };
    },
  };
}

/** The reports of several bursts as one: counts and times add up, the rate is over the summed time. */
export function combine(reports: readonly BurstReport[]): BurstReport {
  const refused: Record<string, number> = {};
  let logins = 0;
  let seconds = 0;
  for (const report of reports) {
    logins += report.logins;
    seconds += report.seconds;
    for (const [status, count] of Object.entries(report.refused)) refused[status] = (refused[status] ?? 0) + count;
  }
  return { logins, refused, loginsPerSecond: seconds > 0 ? logins / seconds : 0, seconds };
}
