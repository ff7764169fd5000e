import axios, { type AxiosError, type InternalAxiosRequestConfig } from 'axios';
// The stores are read inside the interceptors only, never at module load (pinia's
// "outside component usage"), which also keeps the auth store ⇄ http import cycle inert.
import { useAuthStore } from '../stores/auth';
import { useNotificationsStore } from '../stores/notifications';
import { toApiError } from './api-error';

declare module 'axios' {
  interface AxiosRequestConfig {
    /** The caller shows this request's errors itself (a form, a page's error state): no global notice. */
    quietErrors?: boolean;
  }
}

/** Per-call options the API modules pass through. */
export interface RequestOptions {
  signal?: AbortSignal;
  quietErrors?: boolean;
}

export const API_BASE_URL: string = import.meta.env.VITE_API_BASE_URL ?? '';
export const FORBIDDEN_MESSAGE = "You don't have permission to do that.";

/** Endpoints whose 401/403 mean "wrong credentials" or "account disabled", not "session over". */
const CREDENTIAL_PATHS = ['/api/auth/email-login', '/api/auth/register'];

export const http = axios.create({
  baseURL: API_BASE_URL,
  timeout: 20_000,
  headers: { Accept: 'application/json' },
});

/** The absolute URL a request goes to, resolved the way the browser will resolve it. */
function resolveUrl(config: Pick<InternalAxiosRequestConfig, 'url' | 'baseURL'>): URL {
  return new URL(http.getUri({ url: config.url, baseURL: config.baseURL }), window.location.href);
}

/** SECURITY.md 20: the token goes to the API's own origin and nowhere else. */
export function isApiRequest(config: Pick<InternalAxiosRequestConfig, 'url' | 'baseURL'>): boolean {
  const apiOrigin = new URL(API_BASE_URL || '/', window.location.href).origin;
  return resolveUrl(config).origin === apiOrigin;
}

/** The URL axios would use for an API path, for requests made without axios (the event stream's fetch). */
export function apiUrl(path: string): string {
  return resolveUrl({ url: path, baseURL: API_BASE_URL }).toString();
}

function isCredentialRequest(config: InternalAxiosRequestConfig | undefined): boolean {
  return !!config && CREDENTIAL_PATHS.includes(resolveUrl(config).pathname);
}

http.interceptors.request.use((config) => {
  const token = useAuthStore().token;
  if (token && isApiRequest(config)) config.headers.set('Authorization', `Bearer ${token}`);
  else config.headers.delete('Authorization');
  return config;
});

http.interceptors.response.use(undefined, async (raw: AxiosError) => {
  const error = toApiError(raw);
  const config = raw.config;
  if (error.code === 'canceled' || isCredentialRequest(config)) throw error;
  if (error.status === 401) {
    const auth = useAuthStore();
    // Only a rejection of the *current* token ends the session. A request sent with an older
    // token (renewed or replaced since) or with none (racing a logout) says nothing about it.
    const sent = String(config?.headers?.get('Authorization') ?? '').replace(/^Bearer /, '');
    if (sent && sent === auth.token) await auth.logout({ reason: 'unauthorized' });
  } else if (error.status === 403) {
    useNotificationsStore().notify(FORBIDDEN_MESSAGE, 'error');
  } else if (!config?.quietErrors) {
    useNotificationsStore().notify(error.message, 'error');
  }
  throw error;
});
