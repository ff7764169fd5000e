import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import type { LiveEventHub } from '../../src/adapters/live/live-event-hub.js';
import type { EventLog } from '../../src/application/ports/event-log.js';
import type { TokenIssuer } from '../../src/application/ports/token-issuer.js';
import type { Role } from '../../src/domain/user/role.js';
import { TOKENS } from '../../src/tokens.js';
import { aUser } from '../mothers/user-mother.js';
import { buildInMemoryApp } from '../support/in-memory-app.js';

/** The in-memory application on a real listening socket (SSE needs streaming), with its log lines captured. */
export async function startLiveApp(env: Record<string, string> = {}) {
  const logLines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      done();
    },
  });
  const app = buildInMemoryApp(env, (c) => c.rebind(TOKENS.Logger).toConstantValue(pino({ level: 'info' }, sink)));
  const server: Server = createServer(app.http.app.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const hub = app.container.get<LiveEventHub>(TOKENS.LiveEventHub);
  const log = app.container.get<EventLog>(TOKENS.EventLog);

  /** A stored user of `role` and a token for them; `ttlShift` moves the issuing clock (negative: a token about to expire). */
  async function signIn(role: Role, name: string, ttlShiftMs = 0) {
    const user = aUser({ role, name });
    await app.users.insert(user);
    const issuedAt = new Date(app.clock.now().getTime() + ttlShiftMs);
    const { token } = await app.container.get<TokenIssuer>(TOKENS.TokenIssuer).issue({ userId: user.id, role, tokenVersion: 0, issuedAt, authTime: issuedAt });
    return { user, token };
  }

  async function call(method: string, path: string, token: string, body?: unknown) {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
  }

  async function stop() {
    await hub.shutdown();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }

  return { ...app, server, baseUrl, hub, log, logLines, signIn, call, stop };
}
