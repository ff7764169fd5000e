import type { ActorRole } from '../order/order-status.js';

export const MESSAGE_BODY_MAX = 4000;

export interface MessageAuthor {
  id: string;
  name: string;
  role: ActorRole;
}

/** One chat message about one order. Ids grow monotonically (serialised as strings). */
export interface Message {
  id: string;
  orderId: string;
  author: MessageAuthor;
  /** Exactly as posted: shown as text, never as HTML. */
  body: string;
  /** The poster's own id for the message, so a retried post is recognised. */
  clientId: string | null;
  createdAt: Date;
}

/** Why a body is refused, or null. Length counts after trimming; the body is kept verbatim. */
export function messageBodyProblem(body: string): string | null {
  if (body.includes('\u0000')) return 'must not contain NUL characters';
  const length = [...body.trim()].length;
  if (length < 1) return 'must not be empty';
  if (length > MESSAGE_BODY_MAX) return `must be at most ${MESSAGE_BODY_MAX} characters`;
  return null;
}
