import type { Router } from 'vue-router';
import type { Role } from '../api/types';
import { safeRedirect } from '../lib/redirect';
import { useAuthStore } from '../stores/auth';
import { useNotificationsStore } from '../stores/notifications';

declare module 'vue-router' {
  interface RouteMeta {
    /** Signed-in users only; others go to /login?redirect=<path>. */
    requiresAuth?: boolean;
    /** Further limited to these roles (the server decides; this only spares a dead end). */
    roles?: readonly Role[];
    /** Sign-in pages: a signed-in user is sent on to `redirect` or the orders. */
    guestOnly?: boolean;
    /** The document title. */
    title?: string;
  }
}

export const HOME_PATH = '/orders';
export const NOT_ALLOWED_MESSAGE = "You don't have permission to open that page.";

/** One global guard, as vben does, so no route can forget its check. */
export function installAuthGuard(router: Router): void {
  router.beforeEach((to) => {
    const auth = useAuthStore();
    if (to.meta.guestOnly && auth.isAuthenticated) return safeRedirect(to.query.redirect) ?? HOME_PATH;
    if (!to.meta.requiresAuth) return true;
    if (!auth.isAuthenticated) return { name: 'login', query: { redirect: to.fullPath } };
    const roles = to.meta.roles;
    if (roles && !(auth.role && roles.includes(auth.role))) {
      useNotificationsStore().notify(NOT_ALLOWED_MESSAGE, 'error');
      return HOME_PATH;
    }
    return true;
  });

  router.afterEach((to) => {
    document.title = to.meta.title ? `${to.meta.title} · Orderly` : 'Orderly';
  });
}
