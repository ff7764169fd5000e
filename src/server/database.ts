import path from 'node:path';
import { startEmbeddedPostgres } from '../adapters/persistence/embedded/embedded-postgres.js';
import type { Config } from '../config/env.js';

export interface DatabaseHandle {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

/** DATABASE_URL when set; otherwise a real PostgreSQL embedded in DATA_DIR. */
export async function openDatabase(config: Config, onLog?: (line: string) => void): Promise<DatabaseHandle> {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, embedded: false, stop: async () => {} };
  const embedded = await startEmbeddedPostgres({ dataDir: path.resolve(config.DATA_DIR), onLog });
  return { url: embedded.url, embedded: true, stop: () => embedded.stop() };
}
