import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Server as NetServer } from 'node:net';
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

const closeAfterResponse = (_req: IncomingMessage, res: ServerResponse) => {
  if (!res.headersSent) res.setHeader('Connection', 'close');
};

/**
 * Stop accepting, let in-flight requests finish (up to timeoutMs), then release
 * resources in order. Returns the function that performs it, idempotently.
 */
export function gracefulShutdown(options: ShutdownOptions): () => Promise<void> {
  let running: Promise<void> | undefined;
  const { server, logger } = options;

  const drain = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        logger.warn('shutdown timeout: closing remaining connections');
        server.closeAllConnections();
      }, options.timeoutMs);
      timer.unref();
      // Never close a keep-alive connection under a client: one we close while idle can
      // cross the request the client (nginx) is just writing on it, and that request fails;
      // a proxy does not re-send a POST that may have reached us, so the client gets a 502.
      // Instead, a request that still arrives on an open connection is served with
      // `Connection: close` (the connection ends after it), and idle connections are left
      // to the client's keep-alive timeout (nginx: 4 s) or ours (keepAliveTimeout, 5 s).
      server.prependListener('request', closeAfterResponse);
      // net.Server#close: stop accepting (new connections are refused, so a proxy tries the
      // next instance) without http.Server#close's closeIdleConnections().
      NetServer.prototype.close.call(server, () => {
        clearTimeout(timer);
        resolve();
      });
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
