/** The limits and intervals of the live stream (config: EVENTS_* in src/config/env.ts). */
export interface LiveEventHubOptions {
  /** Concurrent streams per user on this instance; one more is 429. */
  maxStreamsPerUser: number;
  /** A `: keep-alive` comment at least this often (the contract says ≤ 25 s). */
  keepAliveMs: number;
  /** How often a stream re-checks its token for revocation (the contract says ≤ 60 s). */
  recheckMs: number;
  /** Frames waiting for a slow client, or live events held back during its replay; one more and the stream is dropped. */
  maxQueuedEvents: number;
  /** Events read from the log per query. */
  batchSize: number;
  /** The `retry:` sent first (the client's reconnection delay). */
  retryMs: number;
  /** The `retry:` sent as the server shuts down: come back soon, to another instance. */
  shutdownRetryMs: number;
  /** Delay before reading the log again after a failed read. */
  readRetryMs: number;
  now(): number;
}

export const DEFAULT_HUB_OPTIONS: LiveEventHubOptions = {
  maxStreamsPerUser: 5, keepAliveMs: 20_000, recheckMs: 60_000, maxQueuedEvents: 1000, batchSize: 500,
  retryMs: 3000, shutdownRetryMs: 1000, readRetryMs: 1000, now: () => Date.now(),
};
