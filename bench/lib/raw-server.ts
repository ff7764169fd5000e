import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

/**
 * The baseline: plain node:http answering a small JSON, in its own process like the real
 * server (so it gets a core of its own, not a share of the load generator's thread).
 * Plain JavaScript through `node -e`, no tsx loader, nothing between the socket and the reply.
 */
const SOURCE = `
const http = require('node:http');
const body = JSON.stringify({ user: { id: '00000000-0000-4000-8000-000000000000', email: 'customer@example.test', name: 'Customer', role: 'customer', createdAt: new Date(0).toISOString() } });
const server = http.createServer((req, res) => {
  res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
});
server.listen(0, '127.0.0.1', () => console.log('port ' + server.address().port));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;

export interface RawServer {
  url: string;
  stop(): Promise<void>;
}

export async function startRawServer(): Promise<RawServer> {
  const child: ChildProcess = spawn(process.execPath, ['-e', SOURCE], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`raw server exited with code ${code}`)));
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      const match = /port (\d+)/.exec(chunk);
      if (match) resolve(Number(match[1]));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}
