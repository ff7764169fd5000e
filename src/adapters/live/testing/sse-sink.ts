import { Writable } from 'node:stream';

export interface ParsedSseEvent {
  id: string;
  event: string;
  data: unknown;
}

/** Splits an SSE text into its blocks (WHATWG HTML §9.2.6, for the fields we send). */
export function parseSse(text: string) {
  const events: ParsedSseEvent[] = [];
  const comments: string[] = [];
  const retries: number[] = [];
  /** What a spec client would send as Last-Event-ID: set by every `id:` field, with or without data. */
  let lastEventId = '';
  for (const block of text.split('\n\n')) {
    const fields: Record<string, string> = {};
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) comments.push(line.slice(1).trim());
      const match = /^(id|event|data|retry): ?(.*)$/.exec(line);
      if (match) fields[match[1]!] = match[2]!;
    }
    if (fields.retry !== undefined) retries.push(Number(fields.retry));
    if (fields.id !== undefined) lastEventId = fields.id;
    if (fields.data !== undefined) events.push({ id: fields.id ?? '', event: fields.event ?? 'message', data: JSON.parse(fields.data) });
  }
  return { events, comments, retries, lastEventId };
}

/**
 * Stands in for the HTTP response of a stream. `stall()` makes it stop taking data (a
 * client that no longer reads): writes pile up and write() reports backpressure.
 */
export class SseSink extends Writable {
  text = '';
  private stalled = false;

  constructor(highWaterMark = 64 * 1024) {
    super({ highWaterMark, decodeStrings: false });
  }

  stall(): this {
    this.stalled = true;
    return this;
  }

  override _write(chunk: string | Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.text += chunk.toString();
    if (!this.stalled) callback(); // a stalled sink never calls back, so nothing more is taken
  }

  get parsed() {
    return parseSse(this.text);
  }

  ids(): string[] {
    return this.parsed.events.map((e) => e.id);
  }
}
