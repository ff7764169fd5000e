/**
 * Orderly in production shape on this machine, to click through (`npm run prod-like`):
 * two built instances (NODE_ENV=production) on one PostgreSQL, nginx balancing them, and
 * the SPA served by nginx from another origin. Prints the URLs and the demo accounts;
 * Ctrl-C stops everything and removes what it created.
 *
 *   npm run prod-like                       # embedded PostgreSQL
 *   PROD_LIKE_INSTANCES=3 npm run prod-like
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run prod-like   # scratch database there
 */
import { startProdLike } from './lib/prod-like.js';

const instances = Number(process.env.PROD_LIKE_INSTANCES ?? 2);
console.log(`Starting Orderly in production shape (${instances} instances behind nginx)…`);
const stack = await startProdLike({ instances });

const pad = (text: string) => text.padEnd(10);
console.log(`
  SPA (open this)   ${stack.spaUrl}
  API via nginx     ${stack.proxyUrl}   (e.g. ${stack.proxyUrl}/api/health)
${stack.instances.map((i) => `  ${pad(i.name)}        ${i.directUrl}   pid ${i.pid()}`).join('\n')}
  database          ${stack.postgres.restartable ? 'embedded PostgreSQL' : 'scratch database on DATABASE_URL'}
  logs              ${stack.dir}/logs   (nginx: ${stack.dir}/nginx/error.log)

  Demo accounts:
${Object.entries(stack.accounts).map(([role, a]) => `    ${pad(role)} ${a.email}   ${a.password}`).join('\n')}

Press Ctrl-C to stop.`);

// The stack stops itself on Ctrl-C (startProdLike's signal hook); until then, stay up.
setInterval(() => {}, 1 << 30);
