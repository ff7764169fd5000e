/**
 * Server-Sent Events framing (WHATWG HTML §9.2). `data` is one line of JSON: JSON.stringify
 * escapes CR and LF inside strings, so a frame can never be split or forged by its payload.
 */
export const sseEvent = (id: string, type: string, data: string) => `id: ${id}\nevent: ${type}\ndata: ${data}\n\n`;

/** Moves the client's last event id without an event: a resume point for its next reconnect. */
export const sseId = (id: string) => `id: ${id}\n\n`;

/** How long the client waits before reconnecting after the stream ends. */
export const sseRetry = (ms: number) => `retry: ${Math.max(0, Math.round(ms))}\n\n`;

export const SSE_KEEP_ALIVE = ': keep-alive\n\n';
