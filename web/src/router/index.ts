import { createRouter, createWebHistory, type RouterHistory, type RouteRecordRaw } from 'vue-router';
import { HOME_PATH, installAuthGuard } from './guards';

// Every page is a lazy chunk: the initial bundle holds the shell only (budget 100 KB gzip).
export const routes: RouteRecordRaw[] = [
  { path: '/', redirect: HOME_PATH },
  { path: '/login', name: 'login', component: () => import('../features/auth/LoginPage.vue'), meta: { guestOnly: true, title: 'Sign in' } },
  { path: '/register', name: 'register', component: () => import('../features/auth/RegisterPage.vue'), meta: { guestOnly: true, title: 'Create an account' } },
  { path: '/orders', name: 'orders', component: () => import('../features/orders/OrdersListPage.vue'), meta: { requiresAuth: true, title: 'Orders' } },
  { path: '/orders/new', name: 'order-new', component: () => import('../features/orders/NewOrderPage.vue'), meta: { requiresAuth: true, title: 'New order' } },
  {
    path: '/orders/:id', name: 'order', props: true,
    component: () => import('../features/orders/OrderDetailPage.vue'), meta: { requiresAuth: true, title: 'Order' },
  },
  {
    path: '/admin/users', name: 'admin-users',
    component: () => import('../features/users/AdminUsersPage.vue'), meta: { requiresAuth: true, roles: ['admin'], title: 'Users' },
  },
  { path: '/account', name: 'account', component: () => import('../features/auth/AccountPage.vue'), meta: { requiresAuth: true, title: 'Account' } },
  { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('../pages/NotFoundPage.vue'), meta: { title: 'Page not found' } },
];

export function createAppRouter(history: RouterHistory = createWebHistory(import.meta.env.BASE_URL)) {
  const router = createRouter({
    history,
    routes,
    scrollBehavior: (to, _from, saved) => saved ?? (to.hash ? { el: to.hash } : { top: 0 }),
  });
  installAuthGuard(router);
  return router;
}
