import { describe, expect, it } from 'vitest';
import { SseParser, type SseBlock, type SseEvent } from './sse-parser';

function parse(chunks: string[], lastEventId = '') {
  const events: SseEvent[] = [];
  const retries: number[] = [];
  const parser = new SseParser({ onEvent: (e) => events.push(e), onRetry: (ms) => retries.push(ms) }, lastEventId);
  for (const chunk of chunks) parser.push(chunk);
  return { events, retries, parser };
}

/** Every way of cutting `text` into two pieces, and into single characters. */
function splits(text: string): string[][] {
  const out: string[][] = [[text], [...text]];
  for (let i = 1; i < text.length; i++) out.push([text.slice(0, i), text.slice(i)]);
  return out;
}

const STREAM =
  'retry: 3000\n\n' +
  ': keep-alive\n\n' +
  'id: 7\nevent: order.created\ndata: {"id":"o-1"}\n\n' +
  'id: 8\r\nevent: message.created\r\ndata: {"body":\r\ndata: "two lines"}\r\n\r\n' +
  'data:no space\rid: 9\r\r';

describe('SseParser', () => {
  it('parses ids, types, multi-line data, comments and retry with LF, CRLF and CR', () => {
    const { events, retries, parser } = parse([STREAM]);
    expect(events).toEqual([
      { type: 'order.created', data: '{"id":"o-1"}', lastEventId: '7' },
      { type: 'message.created', data: '{"body":\n"two lines"}', lastEventId: '8' },
      { type: 'message', data: 'no space', lastEventId: '9' },
    ]);
    expect(retries).toEqual([3000]);
    expect(parser.lastEventId).toBe('9');
  });

  it('gives the same result wherever the chunks are cut, CR|LF boundaries included', () => {
    const expected = parse([STREAM]).events;
    for (const chunks of splits(STREAM)) expect(parse(chunks).events).toEqual(expected);
  });

  it('keeps the last id for later events and moves it on an id-only block', () => {
    const ids: string[] = [];
    const events: SseEvent[] = [];
    const parser = new SseParser({ onEvent: (e) => events.push(e), onIdChange: (id) => ids.push(id) }, '5');
    parser.push('data: a\n\nid: 6\n\ndata: b\n\n');
    expect(events.map((e) => [e.data, e.lastEventId])).toEqual([['a', '5'], ['b', '6']]);
    expect(ids).toEqual(['6']);
  });

  it('reports every block with a field to onBlock, a repeated id-only block included, but no comment-only block', () => {
    const blocks: SseBlock[] = [];
    const parser = new SseParser({ onEvent: () => undefined, onBlock: (b) => blocks.push(b) }, '5');
    parser.push('retry: 3000\n\n: keep-alive\n\nid: 5\n\nid: 6\nevent: x\ndata: a\n\nevent: y\n\nid: 7\n');
    expect(blocks).toEqual([
      { hasId: false, hasData: false, retry: 3000, lastEventId: '5' },
      { hasId: true, hasData: false, retry: null, lastEventId: '5' },
      { hasId: true, hasData: true, retry: null, lastEventId: '6' },
      { hasId: false, hasData: false, retry: null, lastEventId: '6' },
    ]);
  });

  it('does not move the resume point for a block cut off by the end of the stream', () => {
    const { events, parser } = parse(['id: 1\ndata: x\n\nid: 2\ndata: half']);
    parser.end();
    expect(events).toHaveLength(1);
    expect(parser.lastEventId).toBe('1');
  });

  it('follows the spec on edge cases: empty data, no colon, unknown fields, NUL ids, bad retry, BOM', () => {
    const { events, retries } = parse(['\uFEFFdata\n\n', 'data:\ndata:\n\n', 'foo: bar\nevent\ndata: x\n\n', 'id: a\0b\nretry: 12x\nretry: 50\ndata: y\n\n']);
    expect(events).toEqual([
      { type: 'message', data: '', lastEventId: '' },
      { type: 'message', data: '\n', lastEventId: '' },
      { type: 'message', data: 'x', lastEventId: '' },
      { type: 'message', data: 'y', lastEventId: '' },
    ]);
    expect(retries).toEqual([50]);
  });

  it('dispatches nothing for a block without data (a comment or an event name alone)', () => {
    expect(parse([': hi\n\nevent: ping\n\n']).events).toEqual([]);
  });

  it('keeps only one leading space of a value', () => {
    expect(parse(['data:  two spaces\n\n']).events[0]?.data).toBe(' two spaces');
  });
});
