/**
 * Sizes and flags of a load run. LOAD_SIZE (or --size) picks a preset; single knobs
 * (LOAD_CUSTOMERS, ...) override it. --fault picks the faults injected during the load.
 */
export type Fault = 'kill' | 'pg-restart' | 'sigterm';
export const ALL_FAULTS: readonly Fault[] = ['kill', 'pg-restart', 'sigterm'];

export interface LoadSize {
  name: string;
  /** Customers: each places orders, chats on them and holds one event stream. */
  customers: number;
  /** Staff: each moves orders along, chats a little and holds one event stream. */
  staff: number;
  ordersPerCustomer: number;
  messagesPerCustomer: number;
  /** How long the customers' work is spread over: each pauses uniformly 0..2×(this / its operations) between two. */
  loadSeconds: number;
  /** Staff pause 0..this between two moves. */
  staffThinkMs: number;
}

export const SIZES: Record<string, LoadSize> = {
  ci: { name: 'ci', customers: 180, staff: 20, ordersPerCustomer: 2, messagesPerCustomer: 6, loadSeconds: 50, staffThinkMs: 300 },
  full: { name: 'full', customers: 180, staff: 20, ordersPerCustomer: 5, messagesPerCustomer: 20, loadSeconds: 100, staffThinkMs: 200 },
};

export interface LoadOptions {
  size: LoadSize;
  faults: Fault[];
  /** After a passing check, sabotage the data and make sure the checker notices. */
  selfCheck: boolean;
  /** Share of posts (orders and messages) sent a second time with the same key. */
  retryShare: number;
  seed: number;
}

function flag(argv: string[], name: string): string | undefined {
  const prefix = `--${name}=`;
  const hit = argv.find((a) => a === `--${name}` || a.startsWith(prefix));
  if (hit === undefined) return undefined;
  return hit.startsWith(prefix) ? hit.slice(prefix.length) : 'true';
}

function positiveInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer (got "${value}")`);
  return n;
}

export function parseOptions(argv: string[], env: NodeJS.ProcessEnv): LoadOptions {
  const sizeName = flag(argv, 'size') ?? env.LOAD_SIZE ?? 'full';
  const preset = SIZES[sizeName];
  if (!preset) throw new Error(`unknown size "${sizeName}" (one of ${Object.keys(SIZES).join(', ')})`);
  const size: LoadSize = {
    name: sizeName,
    customers: positiveInt('LOAD_CUSTOMERS', env.LOAD_CUSTOMERS, preset.customers),
    staff: positiveInt('LOAD_STAFF', env.LOAD_STAFF, preset.staff),
    ordersPerCustomer: positiveInt('LOAD_ORDERS', env.LOAD_ORDERS, preset.ordersPerCustomer),
    messagesPerCustomer: positiveInt('LOAD_MESSAGES', env.LOAD_MESSAGES, preset.messagesPerCustomer),
    loadSeconds: positiveInt('LOAD_SECONDS', env.LOAD_SECONDS, preset.loadSeconds),
    staffThinkMs: positiveInt('LOAD_STAFF_THINK_MS', env.LOAD_STAFF_THINK_MS, preset.staffThinkMs),
  };
  if (size.customers < 1 || size.staff < 1 || size.ordersPerCustomer < 1) throw new Error('a run needs at least one customer, one staff member and one order each');
  // A fault may be named more than once (--fault=sigterm,sigterm): it is then injected again.
  const faultFlag = flag(argv, 'fault') ?? env.LOAD_FAULT ?? 'all';
  const faults: Fault[] = [];
  for (const part of faultFlag.split(',').map((s) => s.trim()).filter(Boolean)) {
    if (part === 'all') faults.push(...ALL_FAULTS);
    else if (part === 'none') continue;
    else if ((ALL_FAULTS as readonly string[]).includes(part)) faults.push(part as Fault);
    else throw new Error(`unknown fault "${part}" (kill, pg-restart, sigterm, all or none)`);
  }
  return {
    size,
    faults,
    selfCheck: flag(argv, 'self-check') !== undefined,
    retryShare: 0.1,
    seed: positiveInt('LOAD_SEED', flag(argv, 'seed') ?? env.LOAD_SEED, Date.now() % 1_000_000),
  };
}
