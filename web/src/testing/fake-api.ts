import { AxiosError, AxiosHeaders, type AxiosAdapter, type AxiosResponse } from 'axios';
import { http } from '../api/http';

export interface RecordedRequest {
  method: string;
  /** Absolute URL, query string included. */
  url: URL;
  headers: AxiosHeaders;
  body: unknown;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

type Handler = Reply | ((request: RecordedRequest) => Reply | Promise<Reply>);

export const envelope = (code: string, message: string, details: { path: string; message: string }[] = []) => ({
  error: { code, message, details, requestId: 'req-1' },
});

/**
 * Swaps the axios adapter of the app's one instance (no network, no msw): every request
 * is recorded and answered by the first matching route, or 404 in the API's envelope.
 * The interceptors run for real.
 */
export function fakeApi() {
  const requests: RecordedRequest[] = [];
  const routes: { method: string; path: string | RegExp; handler: Handler }[] = [];
  const previous = http.defaults.adapter;

  const adapter: AxiosAdapter = async (config) => {
    const url = new URL(http.getUri(config), window.location.href);
    const body = typeof config.data === 'string' ? JSON.parse(config.data) : config.data;
    const request: RecordedRequest = { method: (config.method ?? 'get').toUpperCase(), url, headers: AxiosHeaders.from(config.headers), body };
    requests.push(request);
    const route = routes.find((r) => r.method === request.method && (typeof r.path === 'string' ? r.path === url.pathname : r.path.test(url.pathname)));
    const reply = !route
      ? { status: 404, body: envelope('not_found', 'Not found.') }
      : typeof route.handler === 'function' ? await route.handler(request) : route.handler;
    const response: AxiosResponse = { data: reply.body ?? '', status: reply.status, statusText: String(reply.status), headers: reply.headers ?? {}, config, request: {} };
    if (config.validateStatus ? config.validateStatus(reply.status) : reply.status < 300) return response;
    throw new AxiosError(`Request failed with status code ${reply.status}`, reply.status >= 500 ? 'ERR_BAD_RESPONSE' : 'ERR_BAD_REQUEST', config, {}, response);
  };
  http.defaults.adapter = adapter;

  return {
    requests,
    on(method: string, path: string | RegExp, handler: Handler) {
      routes.unshift({ method: method.toUpperCase(), path, handler });
      return this;
    },
    /** Requests to one path (and method). */
    calls(method: string, path: string) {
      return requests.filter((r) => r.method === method.toUpperCase() && r.url.pathname === path);
    },
    restore() {
      http.defaults.adapter = previous;
    },
  };
}
export type FakeApi = ReturnType<typeof fakeApi>;
