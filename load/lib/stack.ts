import { startProdLike, type ProdLikeStack } from '../../scripts/lib/prod-like.js';

export type LoadStack = ProdLikeStack;

/**
 * The production-like stack (scripts/lib/prod-like.ts): the built server as two instances
 * on one PostgreSQL, nginx in front (deploy/nginx/orderly.conf.template). The database is
 * the embedded one when the run restarts PostgreSQL (only that one can be), else whatever
 * prod-like picks (DATABASE_URL / TEST_DATABASE_URL when set).
 */
export async function startStack(options: { restartsPostgres: boolean }): Promise<LoadStack> {
  return startProdLike({
    instances: 2,
    spaApiBase: false,
    ...(options.restartsPostgres ? { embeddedPostgres: true } : {}),
  });
}
