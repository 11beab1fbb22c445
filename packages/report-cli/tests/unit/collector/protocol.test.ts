import { describe, expect, it } from 'vitest';
import { DAEMON_HEADER, encodeDatagram, parseDatagram } from '../../../src/collector/protocol.js';

describe('parseDatagram', () => {
  it('accepts the SDK header and returns the document line as received', () => {
    // Prepare
    const doc = '{"id":"70de5b6f19ff9a0a","name":"example.com","start_time":1.478293361271E9}';

    // Act
    const parsed = parseDatagram(`${DAEMON_HEADER}\n${doc}`);

    // Assess
    expect(parsed).toEqual({ ok: true, line: doc });
  });

  it('accepts a spaced header with the format in any case, as the daemon does', () => {
    const parsed = parseDatagram('{"format": "JSON", "version": 1}\n{"id":"a"}');
    expect(parsed).toEqual({ ok: true, line: '{"id":"a"}' });
  });

  it('puts a pretty-printed document onto one line', () => {
    const parsed = parseDatagram(`${DAEMON_HEADER}\n{\n  "id": "a",\n  "name": "n"\n}`);
    expect(parsed).toEqual({ ok: true, line: '{"id":"a","name":"n"}' });
  });

  it.each([
    ['no newline', '{"id":"a"}', 'missing-header'],
    ['wrong version', '{"format":"json","version":2}\n{"id":"a"}', 'bad-header'],
    ['wrong format', '{"format":"xml","version":1}\n{"id":"a"}', 'bad-header'],
    ['header not JSON', 'hello\n{"id":"a"}', 'bad-header'],
    ['document not JSON', `${DAEMON_HEADER}\n{"id":`, 'bad-document'],
    ['document an array', `${DAEMON_HEADER}\n[1]`, 'bad-document'],
    ['document empty', `${DAEMON_HEADER}\n`, 'bad-document'],
  ])('rejects a datagram with %s', (_name, text, reason) => {
    expect(parseDatagram(text)).toEqual({ ok: false, reason });
  });

  it('round-trips what encodeDatagram produces', () => {
    const doc = { id: 'b', name: 'n', start_time: 1 };
    expect(parseDatagram(encodeDatagram(doc))).toEqual({ ok: true, line: JSON.stringify(doc) });
  });
});
