import bcrypt from 'bcryptjs';

/** A job for the bcrypt worker. Passwords travel by message and are never logged. */
export type BcryptTask =
  | { op: 'hash'; password: string; cost: number }
  | { op: 'compare'; password: string; hash: string };

/**
 * Runs inside a piscina worker thread. The synchronous bcryptjs API is the right one here:
 * it blocks only this thread, and a worker serves one task at a time anyway.
 * One default export on purpose: piscina looks the handler up as `default` when a worker
 * starts, and from TypeScript sources on Node 20 only its require() path can load this file.
 */
export default function runBcryptTask(task: BcryptTask): string | boolean {
  return task.op === 'hash' ? bcrypt.hashSync(task.password, task.cost) : bcrypt.compareSync(task.password, task.hash);
}
