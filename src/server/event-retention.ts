import type { EventLog } from '../application/ports/event-log.js';

export interface EventRetentionOptions {
  /** Events older than this are deleted (the contract promises replay for at least 24 h). */
  retentionMs: number;
  /** How often to prune; the first run is right away. */
  intervalMs: number;
  now?: () => Date;
  logger?: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
}

export interface EventRetention {
  stop(): Promise<void>;
}

/**
 * Deletes old events periodically. Every instance runs it; the DELETE is idempotent, so
 * several instances pruning at once only repeat each other's work. A failed run (database
 * down) is logged and retried at the next interval.
 */
export function startEventRetention(log: Pick<EventLog, 'pruneBefore'>, options: EventRetentionOptions): EventRetention {
  const now = options.now ?? (() => new Date());
  let running: Promise<void> | undefined;

  const prune = () => {
    running ??= (async () => {
      try {
        const deleted = await log.pruneBefore(new Date(now().getTime() - options.retentionMs));
        if (deleted > 0) options.logger?.info({ deleted }, 'events pruned');
      } catch (err) {
        options.logger?.warn({ err }, 'pruning events failed; retrying at the next interval');
      } finally {
        running = undefined;
      }
    })();
  };

  const first = setTimeout(prune, 0);
  const timer = setInterval(prune, options.intervalMs);
  first.unref();
  timer.unref();
  return {
    async stop() {
      clearTimeout(first);
      clearInterval(timer);
      await running;
    },
  };
}
