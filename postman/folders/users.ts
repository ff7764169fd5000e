import { expectError, type FolderDef } from '../lib.js';

const adminUserShape = String.raw`
function assertAdminUser(u) {
  pm.expect(u).to.have.all.keys('id', 'email', 'name', 'role', 'createdAt', 'disabled');
}`;

export const users: FolderDef = {
  name: 'Users',
  description: 'Account administration (admin only). Needs adminEmail/adminPassword in the environment.',
  items: [
    {
      name: 'Admin signs in',
      method: 'POST',
      path: '/api/auth/email-login',
      body: { email: '{{adminEmail}}', password: '{{adminPassword}}' },
      test: String.raw`
pm.test('200 as admin', function () {
  pm.response.to.have.status(200);
  pm.expect(pm.response.json().user.role).to.equal('admin');
  pm.collectionVariables.set('adminToken', pm.response.json().token);
  pm.collectionVariables.set('adminId', pm.response.json().user.id);
});`,
    },
    {
      name: 'List users: a customer is refused',
      method: 'GET',
      path: '/api/users',
      auth: 'customerToken',
      test: expectError(403, 'forbidden'),
    },
    {
      name: 'List users',
      method: 'GET',
      path: '/api/users?limit=1',
      auth: 'adminToken',
      test: adminUserShape + String.raw`
pm.test('200 with one user and a cursor', function () {
  pm.response.to.have.status(200);
  var body = pm.response.json();
  pm.expect(body.items).to.have.length(1);
  assertAdminUser(body.items[0]);
  pm.expect(body.nextCursor).to.be.a('string');
  pm.collectionVariables.set('usersCursor', body.nextCursor);
});`,
    },
    {
      name: 'List users: next page by cursor, filtered by q',
      method: 'GET',
      path: '/api/users?cursor={{usersCursor}}&limit=100&q=example.test',
      auth: 'adminToken',
      test: String.raw`
pm.test('200 with matching users only', function () {
  pm.response.to.have.status(200);
  pm.response.json().items.forEach(function (u) {
    pm.expect((u.email + ' ' + u.name).toLowerCase()).to.include('example.test');
  });
});`,
    },
    {
      name: 'List users: limit over 100 is refused',
      method: 'GET',
      path: '/api/users?limit=500',
      auth: 'adminToken',
      test: expectError(422, 'validation_failed'),
    },
    {
      name: 'Create a staff member',
      method: 'POST',
      path: '/api/users',
      auth: 'adminToken',
      prerequest: String.raw`
pm.collectionVariables.set('staffEmail', 'sam-' + pm.collectionVariables.get('runId') + '@example.test');`,
      body: { email: '{{staffEmail}}', password: 'staff password 1', name: 'Sam Staff', role: 'staff' },
      test: adminUserShape + String.raw`
pm.test('201 staff, enabled', function () {
  pm.response.to.have.status(201);
  var u = pm.response.json();
  assertAdminUser(u);
  pm.expect(u.role).to.equal('staff');
  pm.expect(u.disabled).to.equal(false);
  pm.collectionVariables.set('staffId', u.id);
});`,
    },
    {
      name: 'Create user: email taken',
      method: 'POST',
      path: '/api/users',
      auth: 'adminToken',
      body: { email: '{{staffEmail}}', password: 'staff password 1', name: 'Sam Again', role: 'staff' },
      test: expectError(409, 'email_taken'),
    },
    {
      name: 'Create user: a customer may not',
      method: 'POST',
      path: '/api/users',
      auth: 'customerToken',
      body: { email: 'x-{{runId}}@example.test', password: 'staff password 1', name: 'X', role: 'admin' },
      test: expectError(403, 'forbidden'),
    },
    {
      name: 'Staff signs in',
      method: 'POST',
      path: '/api/auth/email-login',
      body: { email: '{{staffEmail}}', password: 'staff password 1' },
      test: String.raw`
pm.test('200 as staff', function () {
  pm.response.to.have.status(200);
  pm.collectionVariables.set('staffToken', pm.response.json().token);
});`,
    },
    {
      name: 'Disable the staff member',
      method: 'PATCH',
      path: '/api/users/{{staffId}}',
      auth: 'adminToken',
      body: { disabled: true },
      test: String.raw`
pm.test('200 disabled', function () {
  pm.response.to.have.status(200);
  pm.expect(pm.response.json().disabled).to.equal(true);
});`,
    },
    {
      name: 'A disabled user\'s token is refused',
      method: 'GET',
      path: '/api/auth/me',
      auth: 'staffToken',
      test: expectError(401, 'unauthorized'),
    },
    {
      name: 'A disabled user cannot sign in',
      method: 'POST',
      path: '/api/auth/email-login',
      body: { email: '{{staffEmail}}', password: 'staff password 1' },
      test: expectError(403, 'account_disabled'),
    },
    {
      name: 'Update user: an admin cannot disable themself',
      method: 'PATCH',
      path: '/api/users/{{adminId}}',
      auth: 'adminToken',
      body: { disabled: true },
      test: expectError(409, 'conflict'),
    },
    {
      name: 'Update user: unknown id',
      method: 'PATCH',
      path: '/api/users/6f1d3a52-0000-4000-8000-000000000000',
      auth: 'adminToken',
      body: { name: 'Nobody' },
      test: expectError(404, 'not_found'),
    },
    {
      name: 'Update user: a malformed id is 404',
      method: 'PATCH',
      path: '/api/users/not-a-uuid',
      auth: 'adminToken',
      body: { name: 'Nobody' },
      test: expectError(404, 'not_found'),
    },
    {
      name: 'Update user: an empty change is refused',
      method: 'PATCH',
      path: '/api/users/{{staffId}}',
      auth: 'adminToken',
      body: {},
      test: expectError(422, 'validation_failed'),
    },
    {
      name: 'Enable and rename the staff member',
      method: 'PATCH',
      path: '/api/users/{{staffId}}',
      auth: 'adminToken',
      body: { disabled: false, name: 'Samantha Staff' },
      test: String.raw`
pm.test('200 enabled and renamed', function () {
  pm.response.to.have.status(200);
  pm.expect(pm.response.json()).to.include({ disabled: false, name: 'Samantha Staff' });
});`,
    },
    {
      name: 'Staff signs in again once enabled',
      method: 'POST',
      path: '/api/auth/email-login',
      body: { email: '{{staffEmail}}', password: 'staff password 1' },
      test: String.raw`
pm.test('200 as staff', function () {
  pm.response.to.have.status(200);
  pm.expect(pm.response.json().user.role).to.equal('staff');
  pm.collectionVariables.set('staffToken', pm.response.json().token);
});`,
    },
  ],
};
