import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import bcrypt from 'bcryptjs';
import { Piscina } from 'piscina';
import { UnavailableError } from '../../application/errors.js';
import type { PasswordHasher } from '../../application/ports/password-hasher.js';
import type { BcryptTask } from './bcrypt-worker.js';

export interface BcryptPasswordHasherOptions {
  /** bcrypt cost factor (log2 of the rounds). */
  cost: number;
  /** Worker threads, i.e. hashes running at the same time. */
  workers: number;
  /** Jobs allowed to wait for a worker; beyond that callers get UnavailableError. */
  maxQueue: number;
  /** A worker died while idle (piscina replaces it); give it to the logger. Passwords are never in it. */
  onWorkerError?: (err: unknown) => void;
}

// Under tsx/vitest this module is bcrypt-password-hasher.ts and the worker must be the .ts
// source, loaded through tsx; compiled, both are .js in dist/ and plain node loads them.
// (On Node 20, tsx hooks only require() inside worker threads; see bcrypt-worker.ts.)
const thisFile = fileURLToPath(import.meta.url);
const extension = path.extname(thisFile);
const workerFile = path.join(path.dirname(thisFile), `bcrypt-worker${extension}`);
// tsx (a dev dependency) is resolved from here, not from the cwd as a bare `--import tsx` would be.
const workerExecArgv =
  extension === '.ts' ? ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href] : undefined;

// piscina does not export its error classes; these are its messages for a full queue.
const SATURATED_MESSAGES = new Set(['Task queue is at limit', 'No task queue available and all Workers are busy']);
const BCRYPT_HASH = /^\$2[aby]\$\d\d\$[./A-Za-z0-9]{53}$/;
export const MAX_PASSWORD_BYTES = 72;

/**
 * bcryptjs is pure JavaScript: even its async API burns the event loop, so every hash and
 * compare runs in a bounded worker pool. A full queue fails fast (503) instead of letting
 * logins pile up and stall every other request.
 */
export class BcryptPasswordHasher implements PasswordHasher {
  private readonly pool: Piscina<BcryptTask, string | boolean>;
  private dummyHash: Promise<string> | undefined;

  constructor(private readonly options: BcryptPasswordHasherOptions) {
    this.pool = new Piscina({
      filename: workerFile,
      minThreads: options.workers,
      maxThreads: options.workers,
      maxQueue: options.maxQueue,
      execArgv: workerExecArgv,
      // Hashing threads yield the CPU to the event loop (Linux nice is per thread): a wave
      // of logins saturating every core must not delay other requests. Nice 19, not 10: at
      // 10 a waking event loop still waited behind them often enough to triple the p99 of
      // other requests during a login burst (docs/PERFORMANCE.md, "Auth").
      niceIncrement: 19,
    });
    // Without a listener, an 'error' event from an idle worker would crash the whole process.
    this.pool.on('error', (err: unknown) => options.onWorkerError?.(err));
    // Made up front so the first unknown-email login costs one compare, like any other.
    // A failure here resurfaces on the next init() or unknown-user verify().
    this.dummy().catch(() => {});
  }

  /** Resolves once the workers run and the dummy hash exists; rejects if they cannot start. */
  async init(): Promise<void> {
    await this.dummy();
  }

  async hash(password: string): Promise<string> {
    // bcrypt silently ignores bytes past 72; callers validate first, this is the backstop.
    if (Buffer.byteLength(password, 'utf8') > MAX_PASSWORD_BYTES) {
      throw new RangeError(`Passwords longer than ${MAX_PASSWORD_BYTES} UTF-8 bytes cannot be hashed`);
    }
    return this.run<string>({ op: 'hash', password, cost: this.options.cost });
  }

  async verify(password: string, hash: string | null): Promise<boolean> {
    if (hash !== null) return this.run<boolean>({ op: 'compare', password, hash });
    // Same work as a real compare, so the response time does not reveal that the email is unknown.
    await this.run<boolean>({ op: 'compare', password, hash: await this.dummy() });
    return false;
  }

  needsRehash(hash: string): boolean {
    // A hash we cannot read is replaced by a good one on the next successful login.
    return !BCRYPT_HASH.test(hash) || bcrypt.getRounds(hash) < this.options.cost;
  }

  /** Stops the workers (graceful shutdown); pending jobs reject. */
  async close(): Promise<void> {
    await this.pool.destroy();
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= this.run<string>({ op: 'hash', password: 'no such user', cost: this.options.cost }).catch(
      (err: unknown) => {
        this.dummyHash = undefined; // a saturated pool or a crashed worker must not be cached
        throw err;
      },
    );
    return this.dummyHash;
  }

  private async run<R extends string | boolean>(task: BcryptTask): Promise<R> {
    try {
      return (await this.pool.run(task)) as R;
    } catch (err) {
      if (err instanceof Error && SATURATED_MESSAGES.has(err.message)) {
        throw new UnavailableError('Too many sign-ins right now; try again shortly.', 2);
      }
      throw err;
    }
  }
}
