import { expectError, type FolderDef, type RequestDef } from '../lib.js';
import { orderShape } from './orders.js';

const move = (name: string, auth: string, body: unknown, test: string, headers?: Record<string, string>, order = 'orderId'): RequestDef => ({
  name,
  method: 'PATCH',
  path: `/api/orders/{{${order}}}/status`,
  auth,
  body,
  headers,
  test,
});

const movedTo = (status: string, version: number, allowed: string[]) => orderShape + String.raw`
pm.test('200 ${status}, version ${version}', function () {
  pm.response.to.have.status(200);
  var o = pm.response.json();
  assertOrder(o, true);
  pm.expect(o).to.include({ status: '${status}', version: ${version} });
  pm.expect(o.allowedTransitions).to.eql(${JSON.stringify(allowed)});
  pm.expect(o.history[o.history.length - 1].to).to.equal('${status}');
  pm.expect(pm.response.headers.get('ETag')).to.equal('"${version}"');
});`;

export const lifecycle: FolderDef = {
  name: 'Lifecycle',
  description: 'The status lifecycle of API.md, walked by staff, with every refusal.',
  items: [
    move('A customer may not confirm', 'customerToken', { status: 'confirmed' }, expectError(403, 'forbidden')),
    move('Skipping a step is 409 with the allowed statuses', 'staffToken', { status: 'shipped' }, expectError(409, 'invalid_transition') + String.raw`
pm.test('details list the allowed next statuses', function () {
  var allowed = pm.response.json().error.details.map(function (d) { return d.message; });
  pm.expect(allowed).to.eql(['confirmed', 'cancelled']);
});`),
    move('Staff confirms', 'staffToken', { status: 'confirmed', note: 'Stock checked' }, movedTo('confirmed', 1, ['preparing', 'cancelled'])),
    move('A stale If-Match is 412', 'staffToken', { status: 'preparing' }, expectError(412, 'precondition_failed'), { 'If-Match': '"0"' }),
    move('Staff starts preparing with a current If-Match', 'staffToken', { status: 'preparing' }, movedTo('preparing', 2, ['shipped', 'cancelled']), { 'If-Match': '"1"' }),
    move('A customer may not cancel once confirmed', 'customerToken', { status: 'cancelled', note: 'changed my mind' }, expectError(403, 'forbidden')),
    move('Cancelling after confirmation needs a reason', 'staffToken', { status: 'cancelled' }, expectError(422, 'validation_failed')),
    move("Another customer's order is 404", 'otherCustomerToken', { status: 'cancelled' }, expectError(404, 'not_found')),
    move('Staff ships', 'staffToken', { status: 'shipped' }, movedTo('shipped', 3, ['delivered'])),
    move('Admin delivers', 'adminToken', { status: 'delivered' }, movedTo('delivered', 4, [])),
    move('Nothing leaves delivered', 'staffToken', { status: 'cancelled', note: 'too late' }, expectError(409, 'invalid_transition')),
    {
      name: 'The history tells the whole path',
      method: 'GET',
      path: '/api/orders/{{orderId}}',
      auth: 'customerToken',
      test: String.raw`
pm.test('pending → confirmed → preparing → shipped → delivered, with who and when', function () {
  pm.response.to.have.status(200);
  var h = pm.response.json().history;
  pm.expect(h.map(function (e) { return e.to; })).to.eql(['pending', 'confirmed', 'preparing', 'shipped', 'delivered']);
  pm.expect(h[1]).to.include({ from: 'pending', note: 'Stock checked' });
  pm.expect(h[1].by.role).to.equal('staff');
  pm.expect(h[4].by.role).to.equal('admin');
});`,
    },
    move('The owner cancels a pending order', 'customerToken', { status: 'cancelled' }, movedTo('cancelled', 1, []), undefined, 'idemOrderId'),
    move('Nothing leaves cancelled', 'staffToken', { status: 'pending' }, expectError(409, 'invalid_transition'), undefined, 'idemOrderId'),
    move('An unknown status is 422', 'staffToken', { status: 'lost' }, expectError(422, 'validation_failed')),
  ],
};
