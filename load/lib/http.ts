import type { Stats } from './stats.js';

export interface Reply<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
  /** How many times the request was sent (1 = no retry). */
  attempts: number;
}

export interface SendOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Label for the counters, e.g. "POST /orders". */
  route: string;
  /** Retry 502/503/504 and transport errors with the very same request (default true). */
  retry?: boolean;
}

/** Statuses that mean "the request may not have reached a healthy instance": send it again, unchanged. */
export const RETRYABLE = new Set([502, 503, 504]);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The code of a transport failure of fetch (undici puts it on `cause`). */
export function transportCode(err: unknown): string {
  const cause = (err as { cause?: { code?: string; name?: string } }).cause;
  return cause?.code ?? cause?.name ?? (err as Error).name ?? 'unknown';
}

/**
 * JSON over fetch (Node's undici: keep-alive connections, pooled per origin). A request
 * that fails in transport or answers 502/503/504 is sent again, identical (same
 * Idempotency-Key, clientId or If-Match), with capped exponential backoff, until it gets
 * another answer or `giveUpMs` passes. Every attempt's outcome is counted.
 */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private readonly stats: Stats,
    private readonly giveUpMs = 120_000,
    private readonly attemptTimeoutMs = 30_000,
  ) {}

  async send<T = Record<string, unknown>>(method: string, path: string, options: SendOptions): Promise<Reply<T>> {
    const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
    if (options.token) headers.Authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    const deadline = Date.now() + this.giveUpMs;
    for (let attempt = 1, backoff = 100; ; attempt++, backoff = Math.min(backoff * 2, 1000)) {
      let reply: Reply<T> | undefined;
      let failure: unknown;
      try {
        const res = await fetch(`${this.baseUrl}${path}`, { method, headers, body: payload, signal: AbortSignal.timeout(this.attemptTimeoutMs) });
        const text = await res.text();
        const json = res.headers.get('content-type')?.includes('application/json');
        reply = { status: res.status, body: (json && text ? JSON.parse(text) : text) as T, headers: res.headers, attempts: attempt };
        this.stats.response(options.route, outcomeOf(reply));
      } catch (err) {
        failure = err;
        this.stats.response(options.route, `error:${transportCode(err)}`);
      }
      const again = reply === undefined || RETRYABLE.has(reply.status);
      if (!again || options.retry === false || Date.now() > deadline) {
        if (reply) return reply;
        throw failure;
      }
      this.stats.count('retries after a failed attempt');
      await sleep(backoff / 2 + Math.random() * (backoff / 2));
    }
  }
}

/** nginx's own 503 (deploy/nginx/orderly.conf.template, @unavailable): no instance could answer. */
const PROXY_UNAVAILABLE = 'The service is temporarily unavailable; please retry.';

/** "201", "409 invalid_transition", "503 unavailable" (from Orderly), "503 unavailable (proxy)" (from nginx), "502 non-json". */
export function outcomeOf(reply: Pick<Reply<unknown>, 'status' | 'body'>): string {
  if (reply.status < 300) return String(reply.status);
  const error = typeof reply.body === 'object' && reply.body !== null ? (reply.body as { error?: { code?: string; message?: string } }).error : undefined;
  if (!error) return `${reply.status} non-json`;
  return `${reply.status} ${error.code}${error.message === PROXY_UNAVAILABLE ? ' (proxy)' : ''}`;
}
