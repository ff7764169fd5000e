/** One dispatched Server-Sent Event. */
export interface SseEvent {
  /** `event:`, or "message" when the block had none. */
  type: string;
  /** The `data:` lines joined with "\n". */
  data: string;
  /** The last event id in effect when this event was dispatched (ids persist across events). */
  lastEventId: string;
}

export interface SseHandlers {
  onEvent(event: SseEvent): void;
  /** A `retry:` field: the server's reconnection time in ms. */
  onRetry?(ms: number): void;
  /** A block ended; `lastEventId` may have changed even without an event (an id-only block). */
  onIdChange?(lastEventId: string): void;
  /**
   * A block with at least one field ended (after its onEvent). Unlike onIdChange it also
   * reports an `id:` that repeats the current one, as a server's resume point may.
   * Comment-only blocks (keep-alives) are not reported.
   */
  onBlock?(block: SseBlock): void;
}

/** What one block carried, for readers that track blocks and not only events. */
export interface SseBlock {
  /** An `id:` field was taken (changed or not). */
  hasId: boolean;
  /** `data:` was present, so the block dispatched an event. */
  hasData: boolean;
  /** The block's last valid `retry:` value, else null. */
  retry: number | null;
  lastEventId: string;
}

/**
 * The text/event-stream wire format (WHATWG HTML §9.2.6) for a fetch-based reader: feed
 * decoded text in chunks split anywhere (even between CR and LF). Lines end in CRLF, LF
 * or CR; `:` lines are comments; an unknown field is ignored; an id containing NUL is
 * ignored; an incomplete block at the end of the stream is discarded (never dispatched).
 * The Node-side readers (test/live, bench, load) use it too, so it stays free of DOM and
 * Node APIs: the root tsconfig checks it without DOM types, web/tsconfig without Node's.
 */
export class SseParser {
  private buffer = '';
  private skipLeadingLf = false;
  private started = false;
  private data = '';
  private hasData = false;
  private type = '';
  private hasField = false;
  private hasId = false;
  private retry: number | null = null;
  private idBuffer: string;
  /** Updated on dispatch only, so an interrupted block never moves the resume point. */
  lastEventId: string;

  constructor(private readonly handlers: SseHandlers, lastEventId = '') {
    this.idBuffer = this.lastEventId = lastEventId;
  }

  push(chunk: string): void {
    let text = chunk;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    if (this.skipLeadingLf && text.startsWith('\n')) text = text.slice(1);
    if (text.length > 0) this.skipLeadingLf = false;
    this.buffer += text;
    let start = 0;
    for (;;) {
      const cr = this.buffer.indexOf('\r', start);
      const lf = this.buffer.indexOf('\n', start);
      const end = cr === -1 ? lf : lf === -1 ? cr : Math.min(cr, lf);
      if (end === -1) break;
      this.line(this.buffer.slice(start, end));
      if (end === cr && this.buffer[end + 1] === '\n') start = end + 2;
      else if (end === cr && end + 1 === this.buffer.length) {
        // A CR at the very end of this chunk: its LF may open the next one.
        this.skipLeadingLf = true;
        start = end + 1;
      } else start = end + 1;
    }
    this.buffer = this.buffer.slice(start);
  }

  /** The stream ended: whatever was not terminated by a blank line is dropped, as the spec says. */
  end(): void {
    this.buffer = '';
    this.resetBlock();
    this.idBuffer = this.lastEventId;
  }

  private line(line: string): void {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return;
    this.hasField = true;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'event':
        this.type = value;
        break;
      case 'data':
        this.data = this.hasData ? `${this.data}\n${value}` : value;
        this.hasData = true;
        break;
      case 'id':
        if (!value.includes('\0')) {
          this.idBuffer = value;
          this.hasId = true;
        }
        break;
      case 'retry':
        if (/^\d+$/.test(value)) {
          this.retry = Number(value);
          this.handlers.onRetry?.(this.retry);
        }
        break;
      default:
        // Unknown fields are ignored.
    }
  }

  private dispatch(): void {
    const idChanged = this.lastEventId !== this.idBuffer;
    this.lastEventId = this.idBuffer;
    if (idChanged) this.handlers.onIdChange?.(this.lastEventId);
    if (this.hasData) this.handlers.onEvent({ type: this.type || 'message', data: this.data, lastEventId: this.lastEventId });
    if (this.hasField) this.handlers.onBlock?.({ hasId: this.hasId, hasData: this.hasData, retry: this.retry, lastEventId: this.lastEventId });
    this.resetBlock();
  }

  private resetBlock(): void {
    this.data = '';
    this.hasData = false;
    this.type = '';
    this.hasField = false;
    this.hasId = false;
    this.retry = null;
  }
}
