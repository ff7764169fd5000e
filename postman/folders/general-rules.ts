import type { FolderDef } from '../lib.js';

export const generalRules: FolderDef = {
  name: 'General rules',
  description: 'The conventions of API.md that every endpoint shares.',
  items: [
    {
      name: 'Unknown /api path is a JSON 404',
      method: 'GET',
      path: '/api/does-not-exist',
      test: String.raw`
pm.test('404 not_found in the envelope', function () {
  pm.response.to.have.status(404);
  pm.expect(pm.response.json().error.code).to.equal('not_found');
});`,
    },
    {
      name: 'Known path, wrong method is 405 with Allow',
      method: 'DELETE',
      path: '/api/health',
      test: String.raw`
pm.test('405 method_not_allowed with Allow: GET', function () {
  pm.response.to.have.status(405);
  pm.expect(pm.response.json().error.code).to.equal('method_not_allowed');
  pm.expect(pm.response.headers.get('Allow')).to.include('GET');
});`,
    },
    {
      name: 'A sane X-Request-Id is echoed',
      method: 'GET',
      path: '/api/health',
      headers: { 'X-Request-Id': 'newman-check-42' },
      test: String.raw`
pm.test('the same id comes back', function () {
  pm.expect(pm.response.headers.get('X-Request-Id')).to.equal('newman-check-42');
});`,
    },
  ],
};
