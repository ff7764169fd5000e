import type { FolderDef } from '../lib.js';

export const operations: FolderDef = {
  name: 'Operations',
  description: 'Health and the OpenAPI document.',
  items: [
    {
      name: 'Health: up with the database',
      method: 'GET',
      path: '/api/health',
      test: String.raw`
pm.test('200 with status ok and db ok', function () {
  pm.response.to.have.status(200);
  pm.expect(pm.response.json()).to.eql({ status: 'ok', db: 'ok' });
});`,
    },
    {
      name: 'OpenAPI document',
      method: 'GET',
      path: '/api/openapi.json',
      test: String.raw`
pm.test('200 with an OpenAPI 3.1 document listing the health path', function () {
  pm.response.to.have.status(200);
  var doc = pm.response.json();
  pm.expect(doc.openapi).to.equal('3.1.0');
  pm.expect(doc.paths['/api/health']).to.have.property('get');
  pm.expect(doc.components.securitySchemes.bearerAuth.scheme).to.equal('bearer');
});`,
    },
  ],
};
