import { expectError, type FolderDef, type RequestDef } from '../lib.js';

const messageShape = String.raw`
function assertMessage(m) {
  pm.expect(m).to.have.all.keys('id', 'orderId', 'author', 'body', 'clientId', 'createdAt');
  pm.expect(m.id).to.match(/^[0-9]+$/);
  pm.expect(m.author).to.have.all.keys('id', 'name', 'role');
}`;

const post = (name: string, auth: string, body: unknown, test: string, order = 'orderId'): RequestDef => ({
  name,
  method: 'POST',
  path: `/api/orders/{{${order}}}/messages`,
  auth,
  body,
  test,
});

const XSS = '<img src=x onerror=alert(1)>';

export const chat: FolderDef = {
  name: 'Chat',
  description: "One conversation per order (API.md Chat): posting, idempotent retries, paging, read markers and refusals. Runs on the order the Lifecycle folder delivered: a delivered order may still be discussed.",
  items: [
    post('The customer posts (HTML stays text)', 'customerToken', { body: XSS, clientId: 'c-{{runId}}-1' }, messageShape + String.raw`
pm.test('201 with the body verbatim', function () {
  pm.response.to.have.status(201);
  var m = pm.response.json();
  assertMessage(m);
  pm.expect(m.body).to.equal('${XSS}');
  pm.expect(m.author.role).to.equal('customer');
  pm.expect(m.orderId).to.equal(pm.collectionVariables.get('orderId'));
  pm.collectionVariables.set('firstMessageId', m.id);
});`),
    post('A retry with the same clientId returns the first message', 'customerToken', { body: XSS, clientId: 'c-{{runId}}-1' }, String.raw`
pm.test('200 with the same message', function () {
  pm.response.to.have.status(200);
  pm.expect(pm.response.json().id).to.equal(pm.collectionVariables.get('firstMessageId'));
});`),
    post('Staff answers', 'staffToken', { body: '  Thanks, it is on its way!  ' }, messageShape + String.raw`
pm.test('201 from staff, body untouched', function () {
  pm.response.to.have.status(201);
  assertMessage(pm.response.json());
  pm.expect(pm.response.json().body).to.equal('  Thanks, it is on its way!  ');
  pm.expect(pm.response.json().clientId).to.equal(null);
  pm.collectionVariables.set('staffMessageId', pm.response.json().id);
});`),
    {
      name: "The customer's order shows one unread message",
      method: 'GET',
      path: '/api/orders/{{orderId}}',
      auth: 'customerToken',
      test: String.raw`
pm.test('unreadCount 1 (own messages do not count)', function () {
  pm.response.to.have.status(200);
  pm.expect(pm.response.json().unreadCount).to.equal(1);
});`,
    },
    {
      name: 'List the conversation, oldest first',
      method: 'GET',
      path: '/api/orders/{{orderId}}/messages',
      auth: 'customerToken',
      test: messageShape + String.raw`
pm.test('200 with both messages in order', function () {
  pm.response.to.have.status(200);
  var items = pm.response.json().items;
  items.forEach(assertMessage);
  pm.expect(items.map(function (m) { return m.id; })).to.eql([pm.collectionVariables.get('firstMessageId'), pm.collectionVariables.get('staffMessageId')]);
  pm.expect(pm.response.json().nextCursor).to.equal(null);
});`,
    },
    {
      name: 'Page: the newest one, then older by cursor',
      method: 'GET',
      path: '/api/orders/{{orderId}}/messages?limit=1',
      auth: 'customerToken',
      test: String.raw`
pm.test('200 with the newest message and a cursor', function () {
  pm.response.to.have.status(200);
  pm.expect(pm.response.json().items[0].id).to.equal(pm.collectionVariables.get('staffMessageId'));
  pm.expect(pm.response.json().nextCursor).to.be.a('string');
  pm.collectionVariables.set('messagesCursor', pm.response.json().nextCursor);
});`,
    },
    {
      name: 'Page: before the cursor',
      method: 'GET',
      path: '/api/orders/{{orderId}}/messages?limit=1&before={{messagesCursor}}',
      auth: 'customerToken',
      test: String.raw`
pm.test('200 with the older message', function () {
  pm.response.to.have.status(200);
  pm.expect(pm.response.json().items.map(function (m) { return m.id; })).to.eql([pm.collectionVariables.get('firstMessageId')]);
});`,
    },
    {
      name: 'Catch up: after an id',
      method: 'GET',
      path: '/api/orders/{{orderId}}/messages?after={{firstMessageId}}',
      auth: 'staffToken',
      test: String.raw`
pm.test('200 with the newer messages only', function () {
  pm.response.to.have.status(200);
  pm.expect(pm.response.json().items.map(function (m) { return m.id; })).to.eql([pm.collectionVariables.get('staffMessageId')]);
});`,
    },
    {
      name: 'Mark read',
      method: 'POST',
      path: '/api/orders/{{orderId}}/read',
      auth: 'customerToken',
      body: { lastReadMessageId: '{{staffMessageId}}' },
      test: String.raw`
pm.test('204', function () { pm.response.to.have.status(204); });`,
    },
    {
      name: 'Unread drops to 0',
      method: 'GET',
      path: '/api/orders?limit=100',
      auth: 'customerToken',
      test: String.raw`
pm.test('the order in the list has unreadCount 0', function () {
  var order = pm.response.json().items.find(function (o) { return o.id === pm.collectionVariables.get('orderId'); });
  pm.expect(order.unreadCount).to.equal(0);
});`,
    },
    {
      name: 'Mark read: a message of no such order is 422',
      method: 'POST',
      path: '/api/orders/{{idemOrderId}}/read',
      auth: 'customerToken',
      body: { lastReadMessageId: '{{staffMessageId}}' },
      test: expectError(422, 'validation_failed'),
    },
    post('A blank body is 422', 'customerToken', { body: '   ' }, expectError(422, 'validation_failed')),
    post('A 4001-character body is 422', 'customerToken', { body: 'x'.repeat(4001) }, expectError(422, 'validation_failed')),
    post('A NUL in the body is 422', 'customerToken', { body: 'a\u0000b' }, expectError(422, 'validation_failed')),
    post('An unknown field is 422', 'customerToken', { body: 'hi', author: 'admin' }, expectError(422, 'validation_failed')),
    post("Another customer cannot post: 404", 'otherCustomerToken', { body: 'let me in' }, expectError(404, 'not_found')),
    {
      name: "Another customer cannot read: 404",
      method: 'GET',
      path: '/api/orders/{{orderId}}/messages',
      auth: 'otherCustomerToken',
      test: expectError(404, 'not_found'),
    },
    {
      name: 'List: before and after together is 422',
      method: 'GET',
      path: '/api/orders/{{orderId}}/messages?before=5&after=1',
      auth: 'customerToken',
      test: expectError(422, 'validation_failed'),
    },
  ],
};
