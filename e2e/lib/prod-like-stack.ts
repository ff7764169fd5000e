import { servedBy, startProdLike, type ApiAccessLogEntry, type ProdLikeStack } from '../../scripts/lib/prod-like.js';
import { assert, eventually } from './harness.js';
import { apiClient, type Stack, type StackCheck } from './stack.js';

/**
 * The journeys against production shape (E2E_STACK=prod-like): the browser opens the SPA on
 * nginx's SPA origin, its API calls go cross-origin to nginx's API origin, which balances
 * them over two built instances (NODE_ENV=production) on one PostgreSQL. The checks then
 * read nginx's access logs to prove that this is what happened.
 */
export async function startProdLikeStack(): Promise<Stack> {
  const stack = await startProdLike({ instances: 2 });
  return {
    description: `SPA at ${stack.spaUrl} → API via nginx at ${stack.proxyUrl} → ${stack.instances.map((i) => `${i.name} ${i.directUrl}`).join(', ')}`,
    spaUrl: stack.spaUrl,
    apiUrl: stack.proxyUrl,
    accounts: stack.accounts,
    checks: productionShapeChecks(stack),
    stop: () => stack.stop(),
  };
}

const count = (entries: ApiAccessLogEntry[], stack: ProdLikeStack) =>
  stack.instances.map((i) => `${i.name} ${entries.filter((e) => servedBy(stack, e) === i).length}`).join(', ');

function productionShapeChecks(stack: ProdLikeStack): StackCheck[] {
  const spaOrigin = new URL(stack.spaUrl).origin;
  const apiOrigin = new URL(stack.proxyUrl).origin;
  /** What the browser sent to the API origin: requests with the SPA's Origin. */
  const fromBrowser = () => stack.apiAccessLog().filter((e) => e.origin === spaOrigin);

  return [
    {
      name: 'the SPA and the API are different origins (cross-origin for the browser)',
      run: async () => {
        assert(spaOrigin !== apiOrigin, `SPA ${spaOrigin} and API ${apiOrigin} should differ`);
        const spaLog = stack.spaAccessLog();
        assert(/"GET \/assets\/[^ ]+\.js HTTP\/1\.1" 200 /.test(spaLog), `the SPA origin should have served the app's scripts; its log:\n${spaLog.slice(0, 800)}`);
        const apiServedSpa = stack.apiAccessLog().filter((e) => e.uri.startsWith('/assets/') || e.uri === '/' || e.uri === '/login');
        assert(apiServedSpa.length === 0, `the API origin should not have served the SPA: ${apiServedSpa.map((e) => e.uri).join(', ')}`);
      },
    },
    {
      name: 'every API call of the browser went through nginx with the SPA origin and got it back in Access-Control-Allow-Origin',
      run: async () => {
        const entries = fromBrowser();
        const preflights = entries.filter((e) => e.method === 'OPTIONS');
        const calls = entries.filter((e) => e.method !== 'OPTIONS');
        console.log(`      browser → nginx: ${calls.length} API requests and ${preflights.length} CORS preflights with Origin ${spaOrigin}`);
        assert(calls.length >= 20, `expected the journeys' API calls in nginx's log, found ${calls.length}`);
        assert(preflights.length >= 1 && preflights.every((e) => e.status === 204), `CORS preflights should answer 204: ${preflights.map((e) => `${e.uri} ${e.status}`).join(', ')}`);
        const withoutCors = entries.filter((e) => e.cors !== spaOrigin && e.status !== 499);
        assert(withoutCors.length === 0, `responses without Access-Control-Allow-Origin: ${spaOrigin}: ${withoutCors.slice(0, 5).map((e) => `${e.method} ${e.uri} ${e.status}`).join(', ')}`);
      },
    },
    {
      name: "nginx balanced the browser's API traffic over both instances",
      run: async () => {
        // least_conn: an instance holding open event streams gets fewer of the short requests,
        // so the split follows the streams; what must hold is that both instances took part.
        const traffic = fromBrowser();
        console.log(`      served by: ${count(traffic, stack)} (requests without preflights: ${count(traffic.filter((e) => e.method !== 'OPTIONS'), stack)})`);
        for (const instance of stack.instances) {
          const served = traffic.filter((e) => servedBy(stack, e) === instance && e.method !== 'OPTIONS').length;
          assert(served >= 1, `${instance.name} served none of the ${traffic.length} browser requests`);
        }
        const unknown = traffic.filter((e) => !servedBy(stack, e));
        assert(unknown.length === 0, `requests no instance served: ${unknown.slice(0, 5).map((e) => `${e.method} ${e.uri} ${e.status} upstream="${e.upstream}"`).join(', ')}`);
      },
    },
    {
      name: 'the live event streams (GET /api/events) ran through nginx and stayed open',
      run: async () => {
        // A stream is logged when it ends; the browser is closed by now, so all have ended.
        let streams: ApiAccessLogEntry[] = [];
        await eventually(async () => {
          streams = fromBrowser().filter((e) => e.method === 'GET' && e.uri === '/api/events');
          return streams.filter((s) => s.status === 200).length >= 2;
        }, 'too few event streams in nginx\'s access log', 5_000);
        // 401 is the forged-token journey's, 499 a stream the page dropped before it was
        // answered (navigation, token renewal, logout); anything else but 200 is not.
        const bad = streams.filter((s) => s.status !== 200 && s.status !== 401 && s.status !== 499);
        assert(bad.length === 0, `streams not answered with 200: ${bad.map((s) => `${s.status} (instance: ${s.upstreamStatus})`).join(', ')}`);
        const all = streams.length;
        streams = streams.filter((s) => s.status === 200);
        console.log(`      ${streams.length} streams (+${all - streams.length} 401 or dropped by the page); per instance: ${count(streams, stack)}; longest ${Math.max(...streams.map((s) => s.duration)).toFixed(1)} s`);
        assert(streams.some((s) => s.duration >= 2), 'no stream stayed open for 2 s: is the proxy cutting them short?');
        // Streams that were open while another instance served event-producing writes: the
        // live journey's events crossed instances (LISTEN/NOTIFY) there.
        const writes = stack.apiAccessLog().filter((e) => e.status < 300 && (e.method === 'POST' || e.method === 'PATCH')
          && /^\/api\/orders(\/[^/?]+\/(status|messages))?(\?|$)/.test(e.uri)); // the writes that emit events
        const crossed = streams.filter((s) => {
          const end = Date.parse(s.time);
          const start = end - s.duration * 1000 - 1000; // $time_iso8601 has whole seconds
          return writes.some((w) => servedBy(stack, w) !== servedBy(stack, s) && Date.parse(w.time) >= start && Date.parse(w.time) <= end);
        });
        // Which instance gets what is up to round robin, so this is a figure, not a check;
        // the next check crosses instances on purpose.
        console.log(`      ${crossed.length} of them were open while another instance served writes`);
      },
    },
    {
      name: 'instances share keys and events: a token from api-1 works on api-2, and an order placed on api-1 reaches a stream on api-2',
      run: async () => {
        const [first, second] = stack.instances;
        assert(first && second, 'needs two instances');
        const staff = await apiClient(first.directUrl).login(stack.accounts.staff.email, stack.accounts.staff.password);
        const customer = await apiClient(first.directUrl).login(stack.accounts.customer.email, stack.accounts.customer.password);
        await apiClient(second.directUrl).call('GET', '/api/auth/me', undefined, staff);
        const ctrl = new AbortController();
        const timer = setTimeout(() => ctrl.abort(), 10_000);
        try {
          const res = await fetch(`${second.directUrl}/api/events`, { headers: { Authorization: `Bearer ${staff}` }, signal: ctrl.signal });
          assert(res.status === 200, `GET /api/events on ${second.name} answered ${res.status}`);
          const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
          await reader.read(); // the stream is open (retry hint): LISTEN is in place
          const order = await apiClient(first.directUrl).call<{ id: string }>('POST', '/api/orders', { items: [{ name: 'Filter papers', quantity: 1, unitPriceCents: 499 }] }, customer);
          let text = '';
          while (!text.includes(order.id)) {
            const { value, done } = await reader.read();
            assert(!done, `the stream on ${second.name} ended before the order from ${first.name} arrived`);
            text += value;
          }
          assert(/event: order\.created/.test(text), `expected an order.created event, got: ${text.slice(0, 300)}`);
        } catch (err) {
          if (ctrl.signal.aborted) throw new Error(`the order placed on ${first.name} did not reach the stream on ${second.name} within 10 s (LISTEN/NOTIFY fan-out)`, { cause: err });
          throw err;
        } finally {
          clearTimeout(timer);
          ctrl.abort();
        }
      },
    },
    {
      name: 'no 5xx from nginx or the instances, no errors in their logs, both instances still up',
      run: async () => {
        const failures = stack.apiAccessLog().filter((e) => e.status >= 500);
        assert(failures.length === 0, `5xx answers: ${failures.slice(0, 5).map((e) => `${e.method} ${e.uri} ${e.status} (${e.upstreamStatus})`).join(', ')}`);
        const nginxErrors = stack.nginxLog().split('\n').filter((l) => /\[(error|crit|alert|emerg)\]/.test(l));
        assert(nginxErrors.length === 0, `nginx logged errors:\n${nginxErrors.slice(0, 5).join('\n')}`);
        for (const instance of stack.instances) {
          assert(instance.running(), `${instance.name} is not running`);
          // pino: 50 = error, 60 = fatal.
          const errors = instance.output().split('\n').filter((l) => /"level":(50|60)\b/.test(l));
          assert(errors.length === 0, `${instance.name} logged errors:\n${errors.slice(0, 3).join('\n')}`);
        }
      },
    },
  ];
}
