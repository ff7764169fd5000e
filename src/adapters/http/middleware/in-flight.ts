/**
 * Counts requests whose handlers are still running. A client that hangs up leaves its
 * socket closed but its handler working; shutdown waits for this count, not just for
 * the sockets, so the pool is never closed under a half-done request.
 * The request frame (request-frame.ts) enters on arrival and leaves when the handler is done.
 */
export class InFlightRequests {
  private count = 0;
  private waiters: Array<() => void> = [];

  enter(): void {
    this.count += 1;
  }

  leave(): void {
    this.count -= 1;
    if (this.count === 0) this.waiters.splice(0).forEach((resolve) => resolve());
  }

  get size(): number {
    return this.count;
  }

  /** Resolves when no handler runs, or after `timeoutMs`, whichever comes first. */
  whenIdle(timeoutMs: number): Promise<void> {
    if (this.count === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      timer.unref();
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
