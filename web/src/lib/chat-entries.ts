import { CHAT_LIMITS, type Actor, type Message } from '../api/types';

export type EntryState = 'sent' | 'sending' | 'failed';

/** A line of a conversation: a stored message, or one of ours on its way (or stuck). */
export interface ChatEntry {
  /** Stable for the entry's whole life (the v-for key): `c:<clientId>` for ours, `m:<id>` otherwise. */
  key: string;
  /** The server's id once stored. */
  id: string | null;
  clientId: string | null;
  author: Actor;
  body: string;
  createdAt: string;
  state: EntryState;
  /** Why the last attempt failed. */
  error: string | null;
  /** Retrying can help (no answer, 429, 5xx); the same clientId makes it safe. */
  retryable: boolean;
}

/** Message ids are increasing integers of any length, serialised without leading zeros. */
export function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** The server's rule (1..4000 code points after trimming, no NUL), checked before sending. */
export function bodyProblem(body: string): string | null {
  if (body.includes('\0')) return 'The message contains a character that cannot be sent.';
  const length = bodyLength(body);
  if (length < 1) return 'Write a message first.';
  if (length > CHAT_LIMITS.bodyMax) return `A message can be at most ${CHAT_LIMITS.bodyMax} characters; this one has ${length}.`;
  return null;
}

export const bodyLength = (body: string): number => [...body.trim()].length;

export function fromMessage(message: Message): ChatEntry {
  return {
    key: `m:${message.id}`, id: message.id, clientId: message.clientId, author: message.author,
    body: message.body, createdAt: message.createdAt, state: 'sent', error: null, retryable: false,
  };
}

/** Stored messages by id; ours still on the way after them, in the order they were written. */
function sortEntries(entries: ChatEntry[]): ChatEntry[] {
  const sent = entries.filter((e) => e.id !== null).sort((a, b) => compareIds(a.id!, b.id!));
  return [...sent, ...entries.filter((e) => e.id === null)];
}

/**
 * Merges stored messages into a conversation. A message already held (same id) is not
 * added twice; one of ours still pending (same author and clientId) becomes that
 * message in place, keeping its key, whichever arrives first: the POST answer or the live event.
 */
export function mergeMessages(entries: ChatEntry[], messages: Message[]): { entries: ChatEntry[]; added: ChatEntry[] } {
  const next = [...entries];
  const added: ChatEntry[] = [];
  for (const message of messages) {
    const byId = next.findIndex((e) => e.id === message.id);
    const byClient = byId === -1 && message.clientId !== null
      ? next.findIndex((e) => e.id === null && e.clientId === message.clientId && e.author.id === message.author.id)
      : -1;
    const at = byId !== -1 ? byId : byClient;
    if (at === -1) {
      const entry = fromMessage(message);
      next.push(entry);
      added.push(entry);
    } else {
      next[at] = { ...fromMessage(message), key: next[at]!.key };
    }
  }
  return { entries: sortEntries(next), added };
}

export function newestSent(entries: ChatEntry[]): ChatEntry | undefined {
  for (let i = entries.length - 1; i >= 0; i--) if (entries[i]!.id !== null) return entries[i];
  return undefined;
}
export const oldestSent = (entries: ChatEntry[]): ChatEntry | undefined => entries.find((e) => e.id !== null);
