import { expectError, type FolderDef } from '../lib.js';

const tokenShape = String.raw`
function assertTokenResponse(body, role) {
  pm.expect(body.tokenType).to.equal('Bearer');
  pm.expect(body.token.split('.')).to.have.length(3);
  pm.expect(new Date(body.expiresAt).getTime()).to.be.above(Date.now());
  pm.expect(body.user).to.have.all.keys('id', 'email', 'name', 'role', 'createdAt');
  if (role) pm.expect(body.user.role).to.equal(role);
  pm.expect(pm.response.headers.get('Cache-Control')).to.include('no-store');
}`;

export const auth: FolderDef = {
  name: 'Auth',
  description: 'Registration, email login, the Bearer middleware and the token lifecycle (API.md Auth).',
  items: [
    {
      name: 'Register a customer',
      method: 'POST',
      path: '/api/auth/register',
      prerequest: String.raw`
pm.collectionVariables.set('runId', String(Date.now()) + Math.floor(Math.random() * 1000));
pm.collectionVariables.set('customerEmail', 'cleo-' + pm.collectionVariables.get('runId') + '@example.test');
pm.collectionVariables.set('customerPassword', 'correct horse battery');`,
      body: { email: '{{customerEmail}}', password: '{{customerPassword}}', name: 'Cleo Customer' },
      test: tokenShape + String.raw`
pm.test('201 with a token response for a customer', function () {
  pm.response.to.have.status(201);
  var body = pm.response.json();
  assertTokenResponse(body, 'customer');
  pm.expect(body.user.email).to.equal(pm.collectionVariables.get('customerEmail'));
  pm.expect(JSON.stringify(body)).not.to.match(/password|hash|tokensValidAfter/i);
  pm.collectionVariables.set('customerToken', body.token);
  pm.collectionVariables.set('customerId', body.user.id);
});`,
    },
    {
      name: 'Register: a role in the body is refused',
      method: 'POST',
      path: '/api/auth/register',
      body: { email: 'x-{{runId}}@example.test', password: 'long enough pw', name: 'Mallory', role: 'admin' },
      test: expectError(422, 'validation_failed'),
    },
    {
      name: 'Register: the same email in other case is taken',
      method: 'POST',
      path: '/api/auth/register',
      body: { email: '  CLEO-{{runId}}@Example.TEST ', password: 'another password', name: 'Cleo Again' },
      test: expectError(409, 'email_taken'),
    },
    {
      name: 'Register: a 73-byte password is refused',
      method: 'POST',
      path: '/api/auth/register',
      body: { email: 'long-{{runId}}@example.test', password: 'a'.repeat(73), name: 'Long' },
      test: expectError(422, 'validation_failed') + String.raw`
pm.test('details name the password', function () {
  pm.expect(pm.response.json().error.details[0].path).to.equal('password');
});`,
    },
    {
      name: 'Register: an invalid email is refused',
      method: 'POST',
      path: '/api/auth/register',
      body: { email: 'not-an-email', password: 'long enough pw', name: 'X' },
      test: expectError(422, 'validation_failed'),
    },
    {
      name: 'Login: wrong password',
      method: 'POST',
      path: '/api/auth/email-login',
      body: { email: '{{customerEmail}}', password: 'wrong password' },
      test: expectError(401, 'invalid_credentials') + String.raw`
pm.collectionVariables.set('wrongPasswordMessage', pm.response.json().error.message);`,
    },
    {
      name: 'Login: unknown email gets the same answer',
      method: 'POST',
      path: '/api/auth/email-login',
      body: { email: 'nobody-{{runId}}@example.test', password: 'wrong password' },
      test: expectError(401, 'invalid_credentials') + String.raw`
pm.test('same message as a wrong password', function () {
  pm.expect(pm.response.json().error.message).to.equal(pm.collectionVariables.get('wrongPasswordMessage'));
});`,
    },
    {
      name: 'Login: not JSON is 415',
      method: 'POST',
      path: '/api/auth/email-login',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'email=a%40b.test&password=secretsecret',
      test: expectError(415, 'unsupported_media_type'),
    },
    {
      name: 'Login: email is trimmed and case-insensitive',
      method: 'POST',
      path: '/api/auth/email-login',
      body: { email: '  CLEO-{{runId}}@EXAMPLE.test  ', password: '{{customerPassword}}' },
      test: tokenShape + String.raw`
pm.test('200 with a token response', function () {
  pm.response.to.have.status(200);
  assertTokenResponse(pm.response.json(), 'customer');
  pm.collectionVariables.set('customerToken', pm.response.json().token);
});`,
    },
    {
      name: 'Me',
      method: 'GET',
      path: '/api/auth/me',
      auth: 'customerToken',
      test: String.raw`
pm.test('200 with the user', function () {
  pm.response.to.have.status(200);
  var user = pm.response.json().user;
  pm.expect(user.id).to.equal(pm.collectionVariables.get('customerId'));
  pm.expect(user).to.have.all.keys('id', 'email', 'name', 'role', 'createdAt');
});`,
    },
    {
      name: 'Me: the scheme name is case-insensitive',
      method: 'GET',
      path: '/api/auth/me',
      headers: { Authorization: 'bearer   {{customerToken}}' },
      test: String.raw`
pm.test('200', function () { pm.response.to.have.status(200); });`,
    },
    {
      name: 'Me: no token',
      method: 'GET',
      path: '/api/auth/me',
      test: expectError(401, 'unauthorized') + String.raw`
pm.test('bearer challenge', function () {
  pm.expect(pm.response.headers.get('WWW-Authenticate')).to.equal('Bearer realm="api"');
});`,
    },
    {
      name: 'Me: "Bearer" without a token is 400 invalid_request',
      method: 'GET',
      path: '/api/auth/me',
      headers: { Authorization: 'Bearer' },
      test: expectError(400, 'invalid_request') + String.raw`
pm.test('challenge names invalid_request', function () {
  pm.expect(pm.response.headers.get('WWW-Authenticate')).to.include('error="invalid_request"');
});`,
    },
    {
      name: 'Me: a forged token is 401 invalid_token',
      method: 'GET',
      path: '/api/auth/me',
      headers: { Authorization: 'Bearer eyJhbGciOiJub25lIiwidHlwIjoiYXQrand0In0.eyJzdWIiOiJ4In0.' },
      test: expectError(401, 'unauthorized') + String.raw`
pm.test('challenge names invalid_token', function () {
  pm.expect(pm.response.headers.get('WWW-Authenticate')).to.include('error="invalid_token"');
});`,
    },
    {
      name: 'Me: a token in the query string is ignored',
      method: 'GET',
      path: '/api/auth/me?access_token={{customerToken}}',
      test: expectError(401, 'unauthorized'),
    },
    {
      name: 'Refresh',
      method: 'POST',
      path: '/api/auth/refresh',
      auth: 'customerToken',
      test: tokenShape + String.raw`
pm.test('200 with a fresh token', function () {
  pm.response.to.have.status(200);
  assertTokenResponse(pm.response.json(), 'customer');
  pm.collectionVariables.set('customerToken', pm.response.json().token);
});`,
    },
    {
      name: 'JWKS',
      method: 'GET',
      path: '/.well-known/jwks.json',
      test: String.raw`
pm.test('200 with public keys only', function () {
  pm.response.to.have.status(200);
  var keys = pm.response.json().keys;
  pm.expect(keys).to.be.an('array');
  keys.forEach(function (k) {
    pm.expect(k.kid).to.be.a('string');
    pm.expect(k).not.to.have.property('d');
  });
});`,
    },
    {
      name: 'Change password: wrong current password',
      method: 'PUT',
      path: '/api/auth/password',
      auth: 'customerToken',
      body: { currentPassword: 'not my password', newPassword: 'a brand new secret' },
      test: expectError(422, 'validation_failed'),
    },
    {
      name: 'Change password',
      method: 'PUT',
      path: '/api/auth/password',
      auth: 'customerToken',
      body: { currentPassword: '{{customerPassword}}', newPassword: 'a brand new secret' },
      test: tokenShape + String.raw`
pm.test('200 with a token for this session', function () {
  pm.response.to.have.status(200);
  assertTokenResponse(pm.response.json(), 'customer');
  pm.collectionVariables.set('oldCustomerToken', pm.collectionVariables.get('customerToken'));
  pm.collectionVariables.set('customerToken', pm.response.json().token);
  pm.collectionVariables.set('customerPassword', 'a brand new secret');
});`,
    },
    {
      name: 'Me: a token from before the password change is refused',
      method: 'GET',
      path: '/api/auth/me',
      auth: 'oldCustomerToken',
      test: expectError(401, 'unauthorized'),
    },
    {
      name: 'Revoke all tokens',
      method: 'POST',
      path: '/api/auth/revoke-all',
      auth: 'customerToken',
      test: String.raw`
pm.test('204', function () { pm.response.to.have.status(204); });`,
    },
    {
      name: 'Me: a token from before revoke-all is refused',
      method: 'GET',
      path: '/api/auth/me',
      auth: 'customerToken',
      test: expectError(401, 'unauthorized'),
    },
    {
      name: 'Login again with the new password',
      method: 'POST',
      path: '/api/auth/email-login',
      body: { email: '{{customerEmail}}', password: '{{customerPassword}}' },
      test: String.raw`
pm.test('200', function () {
  pm.response.to.have.status(200);
  pm.collectionVariables.set('customerToken', pm.response.json().token);
});`,
    },
    {
      name: 'Login: 429 with Retry-After after repeated failures',
      method: 'POST',
      path: '/api/auth/email-login',
      prerequest: String.raw`
var email = 'brute-' + pm.collectionVariables.get('runId') + '@example.test';
pm.collectionVariables.set('bruteEmail', email);
var failures = Number(pm.environment.get('loginMaxFailures') || 10);
for (var i = 0; i < failures; i++) {
  pm.sendRequest({
    url: pm.environment.get('baseUrl') + '/api/auth/email-login', method: 'POST',
    header: { 'Content-Type': 'application/json' },
    body: { mode: 'raw', raw: JSON.stringify({ email: email, password: 'wrong password ' + i }) }
  }, function () {});
}`,
      body: { email: '{{bruteEmail}}', password: 'wrong password again' },
      test: expectError(429, 'rate_limited') + String.raw`
pm.test('integer Retry-After', function () {
  pm.expect(pm.response.headers.get('Retry-After')).to.match(/^[1-9][0-9]*$/);
});`,
    },
  ],
};
