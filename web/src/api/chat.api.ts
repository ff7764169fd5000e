import { http, type RequestOptions } from './http';
import type { Message, Page } from './types';

export interface MessageQuery {
  /** Older than this id (a page's `nextCursor`). */
  before?: string;
  /** Newer than this id. */
  after?: string;
  limit?: number;
}

export interface PostedMessage {
  message: Message;
  /** false: this clientId had been posted already (a retry), and this is the first message. */
  created: boolean;
}

const base = (orderId: string) => `/api/orders/${encodeURIComponent(orderId)}`;

export const chatApi = {
  /** A page in chronological order; without a cursor, the newest messages. */
  async list(orderId: string, query: MessageQuery = {}, opts: RequestOptions = {}): Promise<Page<Message>> {
    return (await http.get<Page<Message>>(`${base(orderId)}/messages`, { ...opts, params: query })).data;
  },
  /** Re-posting the same `clientId` never duplicates: the server answers 200 with the first message. */
  async post(orderId: string, body: string, clientId: string, opts: RequestOptions = {}): Promise<PostedMessage> {
    const response = await http.post<Message>(`${base(orderId)}/messages`, { body, clientId }, opts);
    return { message: response.data, created: response.status === 201 };
  },
  async markRead(orderId: string, lastReadMessageId: string, opts: RequestOptions = {}): Promise<void> {
    await http.post(`${base(orderId)}/read`, { lastReadMessageId }, opts);
  },
};
