import type { Server } from 'node:http';
import type { Logger } from 'pino';

export interface ShutdownOptions {
  server: Server;
  logger: Logger;
  /** How long in-flight requests may take to finish before connections are cut. */
  timeoutMs: number;
  /** Handlers still running (a client that hung up leaves its handler working). */
  inFlight?: { whenIdle(timeoutMs: number): Promise<void> };
  /** Run in order after the server has drained: close streams first, then the pool, then the database. */
  beforeClose?: Array<() => void | Promise<void>>;
  afterClose?: Array<() => Promise<void>>;
}

/**
 * Stop accepting, let in-flight requests finish (up to timeoutMs), then release
 * resources in order. Returns the function that performs it, idempotently.
 */
export function gracefulShutdown(options: ShutdownOptions): () => Promise<void> {
  let running: Promise<void> | undefined;
  const { server, logger } = options;

  const drain = () =>
    new Promise<void>((resolve) => {
      // A keep-alive connection turns idle once its last response is sent; close it
      // then rather than waiting for the client's keep-alive to lapse.
      const sweeper = setInterval(() => server.closeIdleConnections(), 50);
      const timer = setTimeout(() => {
        logger.warn('shutdown timeout: closing remaining connections');
        server.closeAllConnections();
      }, options.timeoutMs);
      timer.unref();
      server.close(() => {
        clearTimeout(timer);
        clearInterval(sweeper);
        resolve();
      });
      server.closeIdleConnections();
    });

  const run = async () => {
    logger.info('shutting down: no new connections, finishing in-flight requests');
    for (const hook of options.beforeClose ?? []) await hook();
    const started = Date.now();
    await drain();
    await options.inFlight?.whenIdle(Math.max(0, options.timeoutMs - (Date.now() - started)));
    for (const hook of options.afterClose ?? []) {
      // A step that fails, even by throwing before it returns a promise, must not keep the
      // later ones (the pool, the embedded database) from closing.
      await Promise.resolve()
        .then(hook)
        .catch((err: unknown) => logger.error({ err }, 'shutdown step failed'));
    }
    logger.info('stopped');
  };

  return () => (running ??= run());
}
