import { http, type RequestOptions } from './http';
import type { Order, OrderStatus, OrderSummary, Page, PlaceOrderBody } from './types';

export interface OrderQuery {
  status?: OrderStatus;
  cursor?: string;
  limit?: number;
}

const orderPath = (id: string) => `/api/orders/${encodeURIComponent(id)}`;

export const ordersApi = {
  async list(query: OrderQuery = {}, opts: RequestOptions = {}): Promise<Page<OrderSummary>> {
    return (await http.get<Page<OrderSummary>>('/api/orders', { ...opts, params: query })).data;
  },
  async get(id: string, opts: RequestOptions = {}): Promise<Order> {
    return (await http.get<Order>(orderPath(id), opts)).data;
  },
  /** The same `idempotencyKey` for a retried submission replays the first order instead of placing another. */
  async place(body: PlaceOrderBody, idempotencyKey: string, opts: RequestOptions = {}): Promise<Order> {
    return (await http.post<Order>('/api/orders', body, { ...opts, headers: { 'Idempotency-Key': idempotencyKey } })).data;
  },
  /** With `version`, a stale view gets 412 instead of silently overwriting someone else's move. */
  async changeStatus(id: string, change: { status: OrderStatus; note?: string }, version?: number, opts: RequestOptions = {}): Promise<Order> {
    const headers = version === undefined ? {} : { 'If-Match': `"${version}"` };
    return (await http.patch<Order>(`${orderPath(id)}/status`, change, { ...opts, headers })).data;
  },
};
