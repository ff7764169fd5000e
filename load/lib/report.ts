import type { CheckReport } from './checker.js';
import type { FaultObservation } from './faults.js';
import type { Ledger } from './ledger.js';
import type { LoadOptions } from './options.js';
import type { Stats } from './stats.js';

export interface ReportInput {
  log(line: string): void;
  options: LoadOptions;
  kind: string;
  stats: Stats;
  ledger: Ledger;
  report: CheckReport;
  observations: FaultObservation[];
  durations: { total: number; load: number; catchUp: number };
  /** Requests nginx passed to each instance (the last one tried), over the whole run. */
  servedBy: Record<string, number>;
  /** Each instance's output (pino JSON lines at LOG_LEVEL=warn). */
  instanceLogs: Array<{ name: string; output: string }>;
}

/** "warn: message ×n" for every distinct log message of an instance. */
function logSummary(output: string): Array<[string, number]> {
  const seen = new Map<string, number>();
  for (const line of output.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const entry = JSON.parse(line) as { level?: number; msg?: string };
      const level = entry.level === undefined ? '?' : entry.level >= 50 ? 'ERROR' : entry.level >= 40 ? 'warn' : 'info';
      const key = `${level} "${entry.msg}"`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
    } catch {
      // not a log line
    }
  }
  return [...seen];
}

const fmt = (entries: Array<[string, number]> | Record<string, number>) =>
  (Array.isArray(entries) ? entries : Object.entries(entries)).map(([k, v]) => `${k}: ${v}`).join(', ') || '-';

/** Everything a reader needs to judge the run, in plain lines (docs/RELIABILITY.md quotes them). */
export function printReport(input: ReportInput): void {
  const { log, options, stats, ledger, report, observations, durations } = input;
  const c = report.counts;
  const lost = c['orders lost']! + c['messages lost']! + c['moves lost']! + c['events lost on streams']!;
  const duplicated = c['orders duplicated']! + c['messages duplicated']! + c['events duplicated on streams']!;
  log('');
  log(`=== load ${options.size.name}, faults: ${options.faults.join(', ') || 'none'}, seed ${options.seed} (${input.kind}) ===`);
  log(`duration: ${durations.total.toFixed(1)} s in all; load ${durations.load.toFixed(1)} s; streams caught up ${durations.catchUp.toFixed(1)} s after it`);
  log(`orders: ${c['orders acknowledged']} acknowledged, ${c['orders in the database']} in the database, ${ledger.unacknowledged.orders} never acknowledged, ${ledger.deliberateRetries.orders} deliberately re-sent with the same Idempotency-Key`);
  log(`messages: ${c['messages acknowledged']} acknowledged, ${c['messages in the database']} in the database, ${ledger.unacknowledged.messages} never acknowledged, ${ledger.deliberateRetries.messages} deliberately re-sent with the same clientId`);
  log(`moves: ${c['moves acknowledged']} acknowledged (+${c['moves resolved after an ambiguous retry']} confirmed from the history after a retry), ${c['moves in the database']} in the database; refused: ${ledger.refusals.lostRaces} lost races (412/409), ${ledger.refusals.illegalRefused} illegal moves (409 invalid_transition), ${ledger.refusals.customerCancelsRefused} customer cancellations too late; ${c['orders still open']} orders left open`);
  log(`requests through nginx, by the instance that answered: ${fmt(input.servedBy)}`);
  log(`retries after a failed attempt (502/503/504 or transport error): ${stats.counterTotal('retries after a failed attempt')}`);
  log(`events: ${c['events written']} written; streams: ${c['event streams']}, ${c['event stream reconnections']} reconnections; delivered ${c['events delivered on streams']}/${c['events expected on streams']} expected, lost ${c['events lost on streams']}, duplicated ${c['events duplicated on streams']}, wrong stream ${c['events delivered to the wrong stream']}, out of order ${c['events out of order on streams']}`);
  log(`LOST: ${lost}   DUPLICATED: ${duplicated}   violations: ${report.violations.length}`);
  log('');
  log('what clients saw, per phase (route outcome: count):');
  for (const phase of stats.phases()) {
    log(`  [${phase}] ${fmt(stats.responses(phase))}`);
    const counted = stats.counted(phase);
    if (counted.length) log(`  [${phase}] ${fmt(counted)}`);
  }
  for (const o of observations) {
    log('');
    log(`fault ${o.phase} (at ${o.startedAtS} s): ${o.notes.join('; ')}`);
    log(`  health through the proxy meanwhile: ${fmt(o.health)}`);
    log(`  nginx error log meanwhile: ${fmt(o.proxyErrors)}`);
    log(`  nginx access log meanwhile: ${o.proxied.requests} requests, ${o.proxied.failedOver} passed on to the other instance after the first failed (upstream statuses: ${fmt(o.proxied.failoverUpstreamStatuses)})`);
    for (const [name, { statuses, slowestS }] of Object.entries(o.proxied.byInstance)) {
      log(`    answered by ${name}: ${fmt(statuses)}; slowest ${slowestS.toFixed(2)} s`);
    }
    const seen = stats.responses(o.phase);
    const by = (re: RegExp) => seen.filter(([k]) => re.test(k)).reduce((n, [, v]) => n + v, 0);
    log(`  client answers: 503 from Orderly ${by(/ 503 unavailable$/)}, 503 from nginx (no instance answered: its 502/504) ${by(/ 503 unavailable \(proxy\)$/)}, other 5xx ${by(/ 5\d\d (?!unavailable)/)}, transport errors ${by(/ error:/)}`);
  }
  log('');
  for (const { name, output } of input.instanceLogs) log(`${name} logged: ${fmt(logSummary(output))}`);
  if (report.violations.length) {
    log('');
    log('VIOLATIONS:');
    for (const v of report.violations) log(`  - ${v}`);
  }
}
