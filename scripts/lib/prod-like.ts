/**
 * Orderly in production shape, on loopback: the built server (`node dist/src/main.js`,
 * NODE_ENV=production) running as N instances on one PostgreSQL, nginx in front of them
 * (deploy/nginx/orderly.conf.template: load balancing, failover, SSE), and the SPA built
 * for that API origin and served by nginx from another origin (another port).
 *
 *   const stack = await startProdLike();           // 2 instances, embedded PostgreSQL
 *   await fetch(`${stack.proxyUrl}/api/health`);
 *   stack.instances[0].signal('SIGKILL');          // fault: one instance dies
 *   await stack.postgres.stop(); await stack.postgres.start();   // fault: the database restarts
 *   await stack.stop();
 *
 * `npm run prod-like` starts one for clicking through; `E2E_STACK=prod-like npm run test:e2e`
 * runs the browser journeys through it. docs/DEPLOYMENT.md describes the same setup for real.
 * Run from anywhere: paths resolve from the repository root. PROD_LIKE_KEEP_LOGS=1 keeps the
 * access, error and instance logs in <temp dir>-logs after stop(); NGINX_PATH overrides /usr/sbin/nginx.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { generateEd25519Jwk } from '../../src/adapters/security/ed25519-jwk.js';
import { seedDemoAccounts, type Credentials, type DemoRole } from './demo-accounts.js';
import { reservePorts, scratchDatabase, startServer, type RunningServer, type ScratchDatabase } from './test-server.js';

export interface ProdLikeOptions {
  /** Server instances behind nginx (default 2). */
  instances?: number;
  /**
   * Run a private embedded PostgreSQL (restartable, for fault tests). Default: true when
   * neither DATABASE_URL nor TEST_DATABASE_URL is set; false uses a scratch database on that server.
   */
  embeddedPostgres?: boolean;
  /** Extra environment for every instance (overrides the defaults below). */
  env?: Record<string, string>;
  /** Build the SPA for the proxy origin and serve it at spaUrl (default true); false skips the build. */
  spaApiBase?: boolean;
  /** Run `npm run build:server` first (default true); false reuses dist/src as it is. */
  buildServer?: boolean;
  /** Stop the stack on SIGINT/SIGTERM, then exit (default true). */
  handleSignals?: boolean;
}

export interface Instance {
  name: string;
  directUrl: string;
  pid(): number | undefined;
  signal(sig: NodeJS.Signals): void;
  /** Resolves with the exit code when the current process has exited (at once when none runs). */
  exited(): Promise<number | null>;
  /** (Re)starts on the same port and waits until /api/health answers 200; no-op while running. */
  start(): Promise<void>;
  running(): boolean;
  /** Everything the instance printed (stdout and stderr, all its runs). */
  output(): string;
}

/** One line of the API server's access log (log_format orderly_api in the template). */
export interface ApiAccessLogEntry {
  time: string;
  remote: string;
  method: string;
  uri: string;
  status: number;
  bytes: number;
  duration: number;
  /** Every instance tried, "127.0.0.1:41001, 127.0.0.1:41002" after a failover; empty when none was. */
  upstream: string;
  upstreamStatus: string;
  upstreamTime: string;
  /** The request's Origin header, and the Access-Control-Allow-Origin the response carried. */
  origin: string;
  cors: string;
  requestId: string;
}

export interface ProdLikeStack {
  /** nginx on 127.0.0.1, load-balancing the instances: the API origin. */
  proxyUrl: string;
  /** The SPA, built for proxyUrl, served by nginx from another origin. */
  spaUrl: string;
  /** The scratch database, for checks by tests. */
  databaseUrl: string;
  instances: Instance[];
  postgres: { stop(): Promise<void>; start(): Promise<void>; restartable: boolean };
  accounts: Record<DemoRole, Credentials>;
  /** nginx's error log, for diagnosis. */
  nginxLog(): string;
  /** The API server's access log, parsed (which instance served what, with which Origin). */
  apiAccessLog(): ApiAccessLogEntry[];
  /** The SPA server's access log (combined format). */
  spaAccessLog(): string;
  /** The temporary directory holding the nginx config, logs, SPA build and instance data. */
  dir: string;
  stop(): Promise<void>;
}

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const NGINX_TEMPLATE = path.join(REPO_ROOT, 'deploy/nginx/orderly.conf.template');
const NGINX = process.env.NGINX_PATH ?? '/usr/sbin/nginx';
const SHUTDOWN_TIMEOUT_MS = 10_000;

/** Fills ${ORDERLY_*} placeholders; any placeholder left without a value is an error. */
export function renderTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\$\{(ORDERLY_[A-Z_]+)\}/g, (_all, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`${NGINX_TEMPLATE}: no value for \${${name}}`);
    return value;
  });
}

/** Runs a command to completion; its output is shown only when it fails. Resolves with the exit code when `accept` allows it. */
function run(command: string, args: string[], env: Record<string, string> = {}, accept: (code: number | null) => boolean = (code) => code === 0): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (t: string) => (output += t));
    child.stderr.setEncoding('utf8').on('data', (t: string) => (output += t));
    child.once('error', reject);
    child.once('exit', (code) => (accept(code) ? resolve({ code, output }) : reject(new Error(`${command} ${args.join(' ')} failed (${code}):\n${output}`))));
  });
}

/**
 * `npm run build:server` (tsc -p tsconfig.build.json), called directly for tsc's exit code:
 * 2 means type errors but JavaScript written, which runs (a warning, not a failure); 1 means nothing was written.
 */
async function buildServer(): Promise<void> {
  const tsc = path.join(REPO_ROOT, 'node_modules/typescript/bin/tsc');
  const { code, output } = await run(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {}, (c) => c === 0 || c === 2);
  if (code === 2) process.stderr.write(`[prod-like] the server build reported type errors; running the JavaScript it wrote:\n${output}\n`);
}

/** The SPA for another origin: VITE_API_BASE_URL, into outDir (never dist/web, which the server serves). */
const buildSpa = (outDir: string, apiBaseUrl: string) =>
  run(process.execPath, [path.join(REPO_ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'web/vite.config.ts',
    '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], { VITE_API_BASE_URL: apiBaseUrl });

const isRunning = (child: ChildProcess | undefined) => !!child && child.exitCode === null && child.signalCode === null;

function signalGroup(child: ChildProcess | undefined, sig: NodeJS.Signals): void {
  if (!child?.pid) return;
  try {
    process.kill(-child.pid, sig); // detached: the process and everything it started
  } catch {
    // already gone
  }
}

/** Sends `sig`, waits up to `timeoutMs`, then SIGKILLs the whole group. */
async function stopChild(child: ChildProcess | undefined, exited: Promise<unknown>, sig: NodeJS.Signals, timeoutMs: number): Promise<void> {
  if (!isRunning(child)) return;
  child!.kill('SIGCONT'); // a fault test may have frozen it (SIGSTOP)
  child!.kill(sig);
  const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), timeoutMs);
  await exited;
  clearTimeout(timer);
}

const readText = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8') : '');

async function waitFor(what: string, check: () => Promise<boolean>, alive: () => boolean, timeoutMs: number, diagnosis: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (!alive()) throw new Error(`${what}: the process exited\n${diagnosis()}`);
    if (Date.now() > deadline) throw new Error(`${what}: not ready within ${timeoutMs / 1000} s\n${diagnosis()}`);
    await sleep(100);
  }
}

class ServerInstance implements Instance {
  readonly directUrl: string;
  private server: RunningServer | undefined;
  private expectExit = false;
  private readonly logFile: string;

  constructor(readonly name: string, private readonly port: number, private readonly env: Record<string, string>, logDir: string) {
    this.directUrl = `http://127.0.0.1:${port}`;
    this.logFile = path.join(logDir, `${name}.log`);
  }

  pid = () => (this.running() ? this.server?.process.pid : undefined);
  running = () => isRunning(this.server?.process);
  output = () => readText(this.logFile);

  signal(sig: NodeJS.Signals): void {
    this.expectExit = true;
    if (this.running()) this.server!.process.kill(sig);
  }

  exited(): Promise<number | null> {
    return this.server?.exited ?? Promise.resolve(null); // the last process's: settled once it has exited
  }

  async start(): Promise<void> {
    if (this.running()) return;
    this.expectExit = false;
    appendFileSync(this.logFile, `--- start ${new Date().toISOString()}\n`);
    try {
      this.server = await startServer(this.env, 60_000, {
        port: this.port,
        entry: 'built',
        cwd: REPO_ROOT,
        detached: true,
        output: (text) => appendFileSync(this.logFile, text),
      });
    } catch (err) {
      throw new Error(`${this.name} did not start: ${(err as Error).message}\n${this.output().split('\n').slice(-20).join('\n')}`, { cause: err });
    }
    const server = this.server;
    void server.exited.then((code) => {
      if (!this.expectExit) {
        process.stderr.write(`[prod-like] ${this.name} exited unexpectedly (${code ?? server.process.signalCode}); its output: ${this.logFile}\n`);
      }
    });
  }

  async stop(): Promise<void> {
    this.expectExit = true;
    const server = this.server;
    if (server) await stopChild(server.process, server.exited, 'SIGTERM', SHUTDOWN_TIMEOUT_MS + 5_000);
  }

  /** For the synchronous exit hook. */
  kill(): void {
    this.expectExit = true;
    signalGroup(this.server?.process, 'SIGKILL');
  }
}

class Nginx {
  private child: ChildProcess | undefined;
  private exited: Promise<unknown> = Promise.resolve();
  readonly errorLog: string;
  readonly conf: string;

  constructor(private readonly dir: string) {
    this.errorLog = path.join(dir, 'error.log');
    this.conf = path.join(dir, 'nginx.conf');
  }

  /** The main config around the Orderly part: everything nginx writes stays inside `dir`. */
  writeConfig(orderlyConf: string): void {
    mkdirSync(path.join(this.dir, 'temp'), { recursive: true });
    writeFileSync(path.join(this.dir, 'orderly.conf'), orderlyConf);
    // As root, the workers drop to nobody (they only read the SPA and talk to the instances).
    const user = process.getuid?.() === 0 ? 'user nobody nogroup;' : '';
    const temp = (name: string) => `${name}_temp_path ${path.join(this.dir, 'temp', name)};`;
    const mime = existsSync('/etc/nginx/mime.types')
      ? 'include /etc/nginx/mime.types;'
      : 'types { text/html html; text/css css; application/javascript js; application/json json; image/svg+xml svg; image/png png; image/x-icon ico; font/woff2 woff2; }';
    writeFileSync(this.conf, [
      '# Generated by scripts/lib/prod-like.ts around deploy/nginx/orderly.conf.template.',
      user,
      'worker_processes 1;',
      `pid ${path.join(this.dir, 'nginx.pid')};`,
      `error_log ${this.errorLog} warn;`,
      'events { worker_connections 1024; }',
      'http {',
      `    ${mime}`,
      '    default_type application/octet-stream;',
      '    sendfile on;',
      `    ${temp('client_body')} ${temp('proxy')} ${temp('fastcgi')} ${temp('uwsgi')} ${temp('scgi')}`,
      `    include ${path.join(this.dir, 'orderly.conf')};`,
      '}',
      '',
    ].join('\n'));
  }

  async start(ready: () => Promise<boolean>): Promise<void> {
    const child = spawn(NGINX, ['-p', this.dir, '-c', this.conf, '-e', this.errorLog, '-g', 'daemon off;'], {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const append = (t: string) => appendFileSync(this.errorLog, t);
    child.stdout!.setEncoding('utf8').on('data', append);
    child.stderr!.setEncoding('utf8').on('data', append);
    child.once('error', (err) => append(`could not run ${NGINX}: ${err.message}\n`));
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', resolve));
    await waitFor('nginx', ready, () => isRunning(child), 15_000, () => readText(this.errorLog));
  }

  async stop(): Promise<void> {
    await stopChild(this.child, this.exited, 'SIGTERM', 5_000); // SIGTERM = fast shutdown
  }

  kill(): void {
    signalGroup(this.child, 'SIGKILL');
  }
}

// Stacks still running, for the exit and signal hooks.
const live = new Set<{ stop(): Promise<void>; killNow(): void }>();
let hooksInstalled = false;

function installHooks(handleSignals: boolean): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', () => {
    for (const stack of live) stack.killNow();
  });
  if (!handleSignals) return;
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    if (!live.size) return;
    signals += 1;
    if (signals > 1) process.exit(1); // a second Ctrl-C: now (the exit hook kills what is left)
    process.stderr.write(`\n[prod-like] ${signal}: stopping\n`);
    void Promise.allSettled([...live].map((s) => s.stop())).then(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

/** Starts the whole stack; on any failure, everything started so far is stopped again. */
export async function startProdLike(options: ProdLikeOptions = {}): Promise<ProdLikeStack> {
  const count = options.instances ?? 2;
  if (!Number.isInteger(count) || count < 1) throw new Error('instances must be a positive integer');
  if (!existsSync(NGINX)) throw new Error(`nginx not found at ${NGINX} (set NGINX_PATH)`);
  const embedded = options.embeddedPostgres ?? !(process.env.DATABASE_URL || process.env.TEST_DATABASE_URL);

  const dir = mkdtempSync(path.join(tmpdir(), 'orderly-prod-like-'));
  chmodSync(dir, 0o755); // nginx's workers (nobody) read the SPA below it
  const spaRoot = path.join(dir, 'web');
  const logDir = path.join(dir, 'logs');
  mkdirSync(logDir);
  // Distinct, and outside the ephemeral range: a killed instance is restarted on its port.
  const [proxyPort, spaPort, ...instancePorts] = await reservePorts(count + 2);
  const proxyUrl = `http://127.0.0.1:${proxyPort}`;
  const spaUrl = `http://127.0.0.1:${spaPort}`;

  let database: ScratchDatabase | undefined;
  const instances: ServerInstance[] = [];
  const nginx = new Nginx(path.join(dir, 'nginx'));
  mkdirSync(path.join(dir, 'nginx'));
  let stopped: Promise<void> | undefined;

  const stop = () =>
    (stopped ??= (async () => {
      live.delete(handle);
      await nginx.stop().catch(() => nginx.kill());
      await Promise.all(instances.map((i) => i.stop().catch(() => i.kill())));
      await database?.drop().catch((err: unknown) => process.stderr.write(`[prod-like] dropping the database failed: ${String(err)}\n`));
      if (process.env.PROD_LIKE_KEEP_LOGS === '1') {
        const kept = `${dir}-logs`;
        cpSync(logDir, kept, { recursive: true });
        if (existsSync(nginx.errorLog)) cpSync(nginx.errorLog, path.join(kept, 'nginx-error.log'));
        process.stderr.write(`[prod-like] logs kept in ${kept}\n`);
      }
      rmSync(dir, { recursive: true, force: true });
    })());
  const handle = {
    stop,
    killNow: () => {
      nginx.kill();
      for (const i of instances) i.kill();
      // An embedded PostgreSQL stops through its own exit hook; a scratch database elsewhere stays.
      rmSync(dir, { recursive: true, force: true });
    },
  };
  live.add(handle);
  installHooks(options.handleSignals ?? true);

  try {
    // Independent and slow: the database, the server build, the SPA build.
    const wantSpa = options.spaApiBase ?? true;
    const [db] = await Promise.all([
      scratchDatabase({ embedded }),
      options.buildServer === false ? Promise.resolve() : buildServer(),
      wantSpa ? buildSpa(spaRoot, proxyUrl) : Promise.resolve(),
    ]);
    database = db;
    if (!wantSpa) {
      mkdirSync(spaRoot, { recursive: true });
      writeFileSync(path.join(spaRoot, 'index.html'), '<!doctype html><title>Orderly</title><p>The SPA was not built (spaApiBase: false).</p>\n');
    }
    if (!existsSync(path.join(REPO_ROOT, 'dist/src/main.js'))) throw new Error('dist/src/main.js is missing: run `npm run build:server`');

    const current = await generateEd25519Jwk();
    const previous = await generateEd25519Jwk(); // as during a rotation: still verified, no longer signing
    const { kty, crv, x, kid, alg, use } = previous;
    const baseEnv: Record<string, string> = {
      NODE_ENV: 'production',
      DATABASE_URL: db.url,
      JWT_PRIVATE_KEY: JSON.stringify(current),
      JWT_PUBLIC_KEYS: JSON.stringify({ keys: [{ kty, crv, x, kid, alg, use }] }),
      CORS_ORIGINS: spaUrl,
      TRUST_PROXY: 'true',
      LOGIN_THROTTLE_STORE: 'postgres',
      BCRYPT_COST: '10', // the minimum outside NODE_ENV=test
      LOG_LEVEL: 'warn',
      SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
    };
    instancePorts.forEach((port, i) => {
      const name = `api-${i + 1}`;
      const dataDir = path.join(dir, 'instances', name);
      mkdirSync(dataDir, { recursive: true });
      instances.push(new ServerInstance(name, port!, { ...baseEnv, DATA_DIR: dataDir, ...options.env }, logDir));
    });
    // All at once: the migrations' advisory lock lets exactly one of them migrate.
    await Promise.all(instances.map((i) => i.start()));
    const accounts = seedDemoAccounts({ ...baseEnv, DATA_DIR: path.join(dir, 'instances', 'api-1') });

    const apiLog = path.join(logDir, 'orderly-api.access.log');
    const spaLog = path.join(logDir, 'orderly-spa.access.log');
    nginx.writeConfig(renderTemplate(readFileSync(NGINX_TEMPLATE, 'utf8'), {
      ORDERLY_UPSTREAM_SERVERS: instances.map((i) => `server ${new URL(i.directUrl).host} max_fails=1 fail_timeout=5s;`).join('\n    '),
      ORDERLY_API_LISTEN: `127.0.0.1:${proxyPort}`,
      ORDERLY_API_SERVER_NAME: '127.0.0.1',
      ORDERLY_SPA_LISTEN: `127.0.0.1:${spaPort}`,
      ORDERLY_SPA_SERVER_NAME: '127.0.0.1',
      ORDERLY_SPA_ORIGIN: spaUrl,
      ORDERLY_API_ORIGIN: proxyUrl,
      ORDERLY_SPA_ROOT: spaRoot,
      ORDERLY_LOG_DIR: logDir,
    }));
    await nginx.start(async () =>
      (await fetch(`${proxyUrl}/api/health`)).ok && (await fetch(`${spaUrl}/`)).ok);

    return {
      proxyUrl,
      spaUrl,
      databaseUrl: db.url,
      instances,
      postgres: db.postgres,
      accounts,
      dir,
      nginxLog: () => readText(nginx.errorLog),
      apiAccessLog: () => readText(apiLog).split('\n').filter(Boolean).map((line) => JSON.parse(line) as ApiAccessLogEntry),
      spaAccessLog: () => readText(spaLog),
      stop,
    };
  } catch (err) {
    await stop().catch((stopErr: unknown) => process.stderr.write(`[prod-like] cleaning up after a failed start: ${String(stopErr)}\n`));
    throw err;
  }
}

/** The instance that served an access-log entry (the last one nginx tried), if any. */
export function servedBy(stack: Pick<ProdLikeStack, 'instances'>, entry: ApiAccessLogEntry): Instance | undefined {
  const last = entry.upstream.split(',').pop()?.trim();
  return stack.instances.find((i) => new URL(i.directUrl).host === last);
}
