import { createPinia, disposePinia, setActivePinia, type Pinia } from 'pinia';
import { createApp, type App } from 'vue';
import { createMemoryHistory, type Router } from 'vue-router';
import { createAppRouter } from '../router';

export interface TestApp {
  app: App;
  pinia: Pinia;
  router: Router;
  dispose(): void;
}

/**
 * The real router (routes + guard) over memory history, and a fresh pinia, both on one
 * app so stores can inject the router as they do in the browser. Mount components with
 * `global: { plugins: [pinia, router] }`.
 */
export async function setupTestApp(): Promise<TestApp> {
  const app = createApp({ render: () => null });
  const pinia = createPinia();
  app.use(pinia);
  const router = createAppRouter(createMemoryHistory());
  app.use(router); // starts the first navigation, which creates the auth store through the guard
  setActivePinia(pinia);
  await router.isReady();
  return { app, pinia, router, dispose: () => disposePinia(pinia) };
}

/** Lets pending promise chains (axios interceptors, awaited actions) settle. */
export async function flush(times = 5): Promise<void> {
  for (let i = 0; i < times; i++) await new Promise<void>((resolve) => queueMicrotask(resolve));
  await Promise.resolve();
}
