import { afterEach, beforeEach } from 'vitest';
import { setupTestApp, type TestApp } from './app';
import { fakeApi, type FakeApi } from './fake-api';

export interface FreshApp {
  /** The fake API of the running test. */
  api: FakeApi;
  /** setupTestApp(), disposed after the test. */
  setupApp(): Promise<TestApp>;
}

/**
 * Registers the hooks the SPA's tests share, so that nothing one test leaves behind is
 * seen by the next: before each test, an empty localStorage (the auth store hydrates from
 * it) and a fake API with no routes; after it, the last app from setupApp() disposed, the
 * real axios adapter back, and document.body emptied of components mounted with attachTo.
 *
 * vitest runs afterEach hooks in reverse order of registration (sequence.hooks 'stack', the
 * default): one registered after this call runs while the app is still alive (e.g. to
 * unmount), one registered before it runs once the app is disposed.
 */
export function freshAppPerTest(): FreshApp {
  // Test files hold on to `api` from module scope, so the object stays and its contents are replaced each test.
  const api = {} as FakeApi;
  let app: TestApp | undefined;

  beforeEach(() => {
    localStorage.clear();
    Object.assign(api, fakeApi());
  });
  afterEach(() => {
    app?.dispose();
    app = undefined;
    api.restore();
    document.body.innerHTML = '';
  });

  return {
    api,
    async setupApp() {
      app = await setupTestApp();
      return app;
    },
  };
}
