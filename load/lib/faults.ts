import { transportCode } from './http.js';
import type { Fault } from './options.js';
import { servedBy, type ApiAccessLogEntry } from '../../scripts/lib/prod-like.js';
import { answersHealthy } from '../../scripts/lib/test-server.js';
import type { LoadStack } from './stack.js';
import type { PhaseClock } from './stats.js';

export interface FaultObservation {
  fault: Fault;
  /** The phase label its responses are counted under. */
  phase: string;
  startedAtS: number;
  notes: string[];
  /** nginx error-log lines written during the phase, by kind. */
  proxyErrors: Record<string, number>;
  /** GET /api/health through the proxy while the fault lasted: status → count. */
  health: Record<string, number>;
  /** From nginx's access log meanwhile: requests, those passed to a second instance after the first failed, and per instance. */
  proxied: ProxySummary;
}

export interface ProxySummary {
  requests: number;
  failedOver: number;
  failoverUpstreamStatuses: Record<string, number>;
  /** instance (or "nginx" when none answered) → statuses and the slowest answer in seconds (event streams left out). */
  byInstance: Record<string, { statuses: Record<string, number>; slowestS: number }>;
}

/** What nginx's access log says about a stretch of requests. */
export function proxySummary(stack: Pick<LoadStack, 'instances'>, entries: ApiAccessLogEntry[]): ProxySummary {
  const summary: ProxySummary = { requests: entries.length, failedOver: 0, failoverUpstreamStatuses: {}, byInstance: {} };
  for (const e of entries) {
    if (e.upstream.includes(',')) {
      summary.failedOver += 1;
      summary.failoverUpstreamStatuses[e.upstreamStatus] = (summary.failoverUpstreamStatuses[e.upstreamStatus] ?? 0) + 1;
    }
    if (e.uri.startsWith('/api/events')) continue;
    const name = servedBy(stack, e)?.name ?? 'nginx';
    const slot = (summary.byInstance[name] ??= { statuses: {}, slowestS: 0 });
    slot.statuses[e.status] = (slot.statuses[e.status] ?? 0) + 1;
    slot.slowestS = Math.max(slot.slowestS, e.duration);
  }
  return summary;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

const PROXY_ERROR_KINDS: Array<[string, RegExp]> = [
  ['connect() refused', /connect\(\) failed \(111/],
  ['upstream closed the connection early', /upstream prematurely closed/],
  ['upstream reset the connection', /\(104: Connection reset by peer\)/],
  ['no live upstreams', /no live upstreams/],
  ['upstream timed out', /upstream timed out/],
];

function classify(log: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of log.split('\n').filter(Boolean)) {
    const kind = PROXY_ERROR_KINDS.find(([, re]) => re.test(line))?.[0] ?? (/\[(error|crit|alert|emerg)\]/.test(line) ? 'other error' : undefined);
    if (kind) out[kind] = (out[kind] ?? 0) + 1;
  }
  return out;
}

/** Polls GET /api/health through the proxy until stopped, counting answers. */
function watchHealth(proxyUrl: string): { stop(): Promise<Record<string, number>> } {
  const seen: Record<string, number> = {};
  let running = true;
  const loop = (async () => {
    while (running) {
      const outcome = await fetch(`${proxyUrl}/api/health`, { signal: AbortSignal.timeout(5000) }).then((r) => {
        void r.body?.cancel();
        return String(r.status);
      }, (err: unknown) => `transport error (${transportCode(err)})`);
      seen[outcome] = (seen[outcome] ?? 0) + 1;
      await sleep(250);
    }
  })();
  return { stop: async () => ((running = false), await loop, seen) };
}

const tally = (items: string[]) => items.reduce<Record<string, number>>((acc, k) => ((acc[k] = (acc[k] ?? 0) + 1), acc), {});
const fmt = (counts: Record<string, number>) => Object.entries(counts).map(([k, v]) => `${k}: ${v}`).join(', ');

/** `count` concurrent sign-ins; each answer's outcome and when it arrived. */
function signInsInFlight(baseUrl: string, account: { email: string; password: string }, count: number): Promise<Array<{ outcome: string; at: number }>> {
  return Promise.all(
    Array.from({ length: count }, () =>
      fetch(`${baseUrl}/api/auth/email-login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(account) }).then(
        async (r) => {
          await r.body?.cancel();
          return { outcome: String(r.status), at: Date.now() };
        },
        (err: unknown) => ({ outcome: `transport error (${transportCode(err)})`, at: Date.now() }),
      ),
    ),
  );
}

async function waitHealthy(url: string, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (!(await answersHealthy(url))) {
    if (Date.now() - started > timeoutMs) throw new Error(`${url} not healthy after ${timeoutMs} ms`);
    await sleep(100);
  }
  return Date.now() - started;
}

/**
 * Injects one fault while the load runs, restores the stack, and records what it looked
 * like from outside. The phase clock labels every client outcome meanwhile with the fault.
 */
export async function inject(fault: Fault, phase: string, stack: LoadStack, clock: PhaseClock, runStarted: number, log: (line: string) => void): Promise<FaultObservation> {
  const obs: FaultObservation = {
    fault, phase, startedAtS: Math.round((Date.now() - runStarted) / 100) / 10, notes: [], proxyErrors: {}, health: {},
    proxied: { requests: 0, failedOver: 0, failoverUpstreamStatuses: {}, byInstance: {} },
  };
  const logBefore = stack.nginxLog().length;
  const accessBefore = stack.apiAccessLog().length;
  const health = watchHealth(stack.proxyUrl);
  const note = (text: string) => {
    obs.notes.push(text);
    log(`  [${phase}] ${text}`);
  };
  clock.phase = phase;
  const t0 = Date.now();
  try {
    if (fault === 'kill') {
      const victim = stack.instances[0]!;
      note(`kill -9 ${victim.name} (pid ${victim.pid()})`);
      victim.signal('SIGKILL');
      await victim.exited();
      await sleep(5000);
      await victim.start();
      note(`${victim.name} restarted after ${seconds(Date.now() - t0)} down`);
    } else if (fault === 'pg-restart') {
      if (!stack.postgres.restartable) {
        note('skipped: this PostgreSQL cannot be restarted (not embedded)');
      } else {
        await stack.postgres.stop();
        note(`PostgreSQL stopped in ${seconds(Date.now() - t0)}`);
        await sleep(5000);
        const t1 = Date.now();
        await stack.postgres.start();
        note(`PostgreSQL started again in ${seconds(Date.now() - t1)} (down ${seconds(Date.now() - t0)})`);
        const t2 = Date.now();
        for (const instance of stack.instances) await waitHealthy(instance.directUrl, 60_000);
        note(`every instance healthy ${seconds(Date.now() - t2)} after PostgreSQL was back, without restarting Orderly`);
      }
    } else {
      const victim = stack.instances[1] ?? stack.instances[0]!;
      // Slow requests straight to the victim (bcrypt sign-ins, tens of ms each on two
      // hashing threads), so some are surely in flight when the signal arrives.
      const probe = signInsInFlight(victim.directUrl, stack.accounts.admin, 20);
      await sleep(30);
      const signalledAt = Date.now();
      note(`SIGTERM ${victim.name} (pid ${victim.pid()})`);
      victim.signal('SIGTERM');
      const answers = await probe;
      const late = answers.filter((a) => a.at > signalledAt);
      note(`${answers.length} sign-ins sent straight to ${victim.name} just before: ${late.length} were still in flight at the signal; answers ${fmt(tally(answers.map((a) => a.outcome)))}`);
      const code = await victim.exited();
      note(`${victim.name} exited with code ${code} after ${seconds(Date.now() - t0)} (graceful drain)`);
      await sleep(2000);
      await victim.start();
      note(`${victim.name} restarted ${seconds(Date.now() - t0)} after the signal`);
    }
    await sleep(3000); // let retries and reconnections settle inside the phase
  } finally {
    obs.health = await health.stop();
    obs.proxyErrors = classify(stack.nginxLog().slice(logBefore));
    obs.proxied = proxySummary(stack, stack.apiAccessLog().slice(accessBefore));
    clock.phase = 'steady';
  }
  return obs;
}
