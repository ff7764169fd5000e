import { expectError, type FolderDef } from '../lib.js';

/**
 * GET /api/events never ends on its own, and newman waits for a body to end, so the
 * collection checks what can be checked without holding a stream open: every refusal
 * (answered before the first byte, as JSON) and, with HEAD (RFC 9110: GET's headers, no
 * body, so no stream is opened), the stream's headers for a valid token. The stream itself
 * (replay, live delivery, filtering, expiry) is covered by test/live/*.test.ts.
 */
export const live: FolderDef = {
  name: 'Live events',
  description: 'GET /api/events (API.md Live events, SECURITY.md 19): refusals before any byte of the stream, and the stream headers via HEAD. Streaming itself is tested in test/live.',
  items: [
    {
      name: 'Without a token: 401 before any byte of the stream',
      method: 'GET',
      path: '/api/events',
      test: expectError(401, 'unauthorized') + String.raw`
pm.test('a JSON error with the Bearer challenge, not an event stream', function () {
  pm.expect(pm.response.headers.get('Content-Type')).to.include('application/json');
  pm.expect(pm.response.headers.get('WWW-Authenticate')).to.equal('Bearer realm="api"');
});`,
    },
    {
      name: 'A token in the query string is not accepted',
      method: 'GET',
      path: '/api/events?access_token={{customerToken}}',
      test: expectError(401, 'unauthorized'),
    },
    {
      name: 'A Last-Event-ID that is not an event id is 400',
      method: 'GET',
      path: '/api/events',
      auth: 'customerToken',
      headers: { 'Last-Event-ID': 'yesterday' },
      test: expectError(400, 'bad_request'),
    },
    {
      name: 'HEAD with a token: the stream headers, no stream',
      method: 'HEAD',
      path: '/api/events',
      auth: 'staffToken',
      test: String.raw`
pm.test('200 text/event-stream, never cached or buffered by proxies', function () {
  pm.response.to.have.status(200);
  pm.expect(pm.response.headers.get('Content-Type')).to.equal('text/event-stream; charset=utf-8');
  pm.expect(pm.response.headers.get('Cache-Control')).to.equal('no-store, no-transform');
  pm.expect(pm.response.headers.get('X-Accel-Buffering')).to.equal('no');
});`,
    },
  ],
};
