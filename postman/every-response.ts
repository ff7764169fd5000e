/** Runs after every request of the collection: the General rules of API.md. */
export const everyResponse = String.raw`
pm.test('[general] carries X-Request-Id', function () {
  pm.expect(pm.response.headers.get('X-Request-Id')).to.be.a('string').and.not.be.empty;
});
pm.test('[general] never sets a cookie', function () {
  pm.expect(pm.response.headers.has('Set-Cookie')).to.equal(false);
});
pm.test('[general] security headers', function () {
  pm.expect(pm.response.headers.get('X-Content-Type-Options')).to.equal('nosniff');
  pm.expect(pm.response.headers.get('Referrer-Policy')).to.equal('no-referrer');
});
if (pm.response.code >= 400) {
  pm.test('[general] error envelope', function () {
    pm.expect(pm.response.headers.get('Content-Type')).to.include('application/json');
    var body = pm.response.json();
    pm.expect(body.error.code).to.be.a('string').and.match(/^[a-z_]+$/);
    pm.expect(body.error.message).to.be.a('string').and.not.be.empty;
    pm.expect(body.error.requestId).to.equal(pm.response.headers.get('X-Request-Id'));
    pm.expect(pm.response.text()).not.to.match(/\bat \S+:\d+:\d+|SELECT |INSERT |node_modules/);
  });
}
`;
