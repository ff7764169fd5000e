import { expectError, type FolderDef, type RequestDef } from '../lib.js';

export const orderShape = String.raw`
function assertOrder(o, withHistory) {
  var keys = ['id', 'number', 'customer', 'status', 'items', 'totalCents', 'currency', 'note', 'version', 'allowedTransitions', 'unreadCount', 'createdAt', 'updatedAt'];
  if (withHistory) keys.push('history');
  pm.expect(o).to.have.all.keys(keys);
  var total = o.items.reduce(function (sum, i) { return sum + i.quantity * i.unitPriceCents; }, 0);
  pm.expect(o.totalCents).to.equal(total);
}`;

const refusedBody = (name: string, body: unknown): RequestDef => ({
  name: `Place: ${name} is 422`,
  method: 'POST',
  path: '/api/orders',
  auth: 'customerToken',
  body,
  test: expectError(422, 'validation_failed'),
});

const beans = { name: 'Espresso beans 1kg', quantity: 2, unitPriceCents: 1850 };

export const orders: FolderDef = {
  name: 'Orders',
  description: 'Placing, listing and reading orders (API.md Orders), with every limit refused.',
  items: [
    {
      name: 'Customer places an order',
      method: 'POST',
      path: '/api/orders',
      auth: 'customerToken',
      body: { items: [beans, { name: 'Milk frother', quantity: 1, unitPriceCents: 2999 }], note: 'Leave at the door' },
      test: orderShape + String.raw`
pm.test('201 pending, total computed by the server, only cancel offered', function () {
  pm.response.to.have.status(201);
  var o = pm.response.json();
  assertOrder(o, true);
  pm.expect(o.totalCents).to.equal(2 * 1850 + 2999);
  pm.expect(o).to.include({ status: 'pending', version: 0, unreadCount: 0, currency: 'USD', note: 'Leave at the door' });
  pm.expect(o.customer.id).to.equal(pm.collectionVariables.get('customerId'));
  pm.expect(o.allowedTransitions).to.eql(['cancelled']);
  pm.expect(o.history).to.have.length(1);
  pm.expect(o.history[0]).to.include({ from: null, to: 'pending' });
  pm.expect(pm.response.headers.get('ETag')).to.equal('"0"');
  pm.collectionVariables.set('orderId', o.id);
});`,
    },
    {
      name: 'Place with an Idempotency-Key',
      method: 'POST',
      path: '/api/orders',
      auth: 'customerToken',
      prerequest: String.raw`pm.collectionVariables.set('idemKey', 'order-' + pm.collectionVariables.get('runId'));`,
      headers: { 'Idempotency-Key': '{{idemKey}}' },
      body: { items: [beans] },
      test: String.raw`
pm.test('201', function () {
  pm.response.to.have.status(201);
  pm.collectionVariables.set('idemOrderId', pm.response.json().id);
});`,
    },
    {
      name: 'Place: the same key replays the first order',
      method: 'POST',
      path: '/api/orders',
      auth: 'customerToken',
      headers: { 'Idempotency-Key': '{{idemKey}}' },
      body: { items: [beans] },
      test: String.raw`
pm.test('201 with the same order, not a new one', function () {
  pm.response.to.have.status(201);
  pm.expect(pm.response.json().id).to.equal(pm.collectionVariables.get('idemOrderId'));
});`,
    },
    {
      name: 'Place: the same key with another body is 422',
      method: 'POST',
      path: '/api/orders',
      auth: 'customerToken',
      headers: { 'Idempotency-Key': '{{idemKey}}' },
      body: { items: [{ ...beans, quantity: 3 }] },
      test: expectError(422, 'validation_failed'),
    },
    refusedBody('a status field', { items: [beans], status: 'delivered' }),
    refusedBody('a totalCents field', { items: [beans], totalCents: 1 }),
    refusedBody('customerId from a customer', { items: [beans], customerId: '{{customerId}}' }),
    refusedBody('no items', { items: [] }),
    refusedBody('51 items', { items: Array.from({ length: 51 }, () => ({ name: 'x', quantity: 1, unitPriceCents: 1 })) }),
    refusedBody('quantity 0', { items: [{ ...beans, quantity: 0 }] }),
    refusedBody('quantity 1001', { items: [{ ...beans, quantity: 1001 }] }),
    refusedBody('a fractional quantity', { items: [{ ...beans, quantity: 1.5 }] }),
    refusedBody('a price over 10 000 000', { items: [{ ...beans, unitPriceCents: 10_000_001 }] }),
    refusedBody('a negative price', { items: [{ ...beans, unitPriceCents: -1 }] }),
    refusedBody('a 201-character name', { items: [{ ...beans, name: 'n'.repeat(201) }] }),
    refusedBody('a NUL in a name', { items: [{ ...beans, name: 'be\u0000ans' }] }),
    refusedBody('a 1001-character note', { items: [beans], note: 'n'.repeat(1001) }),
    {
      name: 'Staff places an order for a customer',
      method: 'POST',
      path: '/api/orders',
      auth: 'staffToken',
      body: { items: [beans], customerId: '{{customerId}}' },
      test: String.raw`
pm.test('201 for that customer', function () {
  pm.response.to.have.status(201);
  pm.expect(pm.response.json().customer.id).to.equal(pm.collectionVariables.get('customerId'));
});`,
    },
    {
      name: 'List my orders, newest first',
      method: 'GET',
      path: '/api/orders?limit=2',
      auth: 'customerToken',
      test: orderShape + String.raw`
pm.test('200, own orders only, newest first, with a cursor', function () {
  pm.response.to.have.status(200);
  var body = pm.response.json();
  pm.expect(body.items).to.have.length(2);
  body.items.forEach(function (o) {
    assertOrder(o, false);
    pm.expect(o.customer.id).to.equal(pm.collectionVariables.get('customerId'));
  });
  pm.expect(new Date(body.items[0].createdAt) >= new Date(body.items[1].createdAt)).to.equal(true);
  pm.expect(body.nextCursor).to.be.a('string');
  pm.collectionVariables.set('ordersCursor', body.nextCursor);
  pm.collectionVariables.set('firstPageIds', JSON.stringify(body.items.map(function (o) { return o.id; })));
});`,
    },
    {
      name: 'List the next page by cursor',
      method: 'GET',
      path: '/api/orders?limit=2&cursor={{ordersCursor}}',
      auth: 'customerToken',
      test: String.raw`
pm.test('200 without repeating the first page', function () {
  pm.response.to.have.status(200);
  var first = JSON.parse(pm.collectionVariables.get('firstPageIds'));
  pm.response.json().items.forEach(function (o) { pm.expect(first).not.to.include(o.id); });
});`,
    },
    {
      name: 'List by status',
      method: 'GET',
      path: '/api/orders?status=pending&limit=100',
      auth: 'staffToken',
      test: String.raw`
pm.test('200, pending only', function () {
  pm.response.to.have.status(200);
  pm.response.json().items.forEach(function (o) { pm.expect(o.status).to.equal('pending'); });
});`,
    },
    { name: 'List: limit 101 is 422', method: 'GET', path: '/api/orders?limit=101', auth: 'customerToken', test: expectError(422, 'validation_failed') },
    { name: 'List: unknown status is 422', method: 'GET', path: '/api/orders?status=lost', auth: 'customerToken', test: expectError(422, 'validation_failed') },
    { name: 'List: a forged cursor is 422', method: 'GET', path: '/api/orders?cursor=forged', auth: 'customerToken', test: expectError(422, 'validation_failed') },
    { name: 'List: no token is 401', method: 'GET', path: '/api/orders', test: expectError(401, 'unauthorized') },
    {
      name: 'Get one order with its history',
      method: 'GET',
      path: '/api/orders/{{orderId}}',
      auth: 'customerToken',
      test: orderShape + String.raw`
pm.test('200 with history and ETag', function () {
  pm.response.to.have.status(200);
  assertOrder(pm.response.json(), true);
  pm.expect(pm.response.headers.get('ETag')).to.equal('"' + pm.response.json().version + '"');
});`,
    },
    { name: 'Get: unknown id is 404', method: 'GET', path: '/api/orders/0b5e7f8a-0000-4000-8000-000000000000', auth: 'customerToken', test: expectError(404, 'not_found') },
    { name: 'Get: a malformed id is 404', method: 'GET', path: '/api/orders/42', auth: 'customerToken', test: expectError(404, 'not_found') },
    {
      name: 'Another customer registers',
      method: 'POST',
      path: '/api/auth/register',
      body: { email: 'dan-{{runId}}@example.test', password: 'dans password', name: 'Dan Other' },
      test: String.raw`
pm.test('201', function () {
  pm.response.to.have.status(201);
  pm.collectionVariables.set('otherCustomerToken', pm.response.json().token);
});`,
    },
    { name: "Get: another customer's order is 404", method: 'GET', path: '/api/orders/{{orderId}}', auth: 'otherCustomerToken', test: expectError(404, 'not_found') },
    {
      name: 'List: another customer sees none of them',
      method: 'GET',
      path: '/api/orders',
      auth: 'otherCustomerToken',
      test: String.raw`
pm.test('200 and empty', function () {
  pm.response.to.have.status(200);
  pm.expect(pm.response.json().items).to.eql([]);
  pm.expect(pm.response.json().nextCursor).to.equal(null);
});`,
    },
  ],
};
