import { describe, expect, it } from 'vitest';
import { OutputLineSplitter } from '../../../src/runner/output-lines.js';
import { CONTROL_MARKER } from '../../../src/runner/protocol.js';

function split(chunks: string[]) {
  const events: string[] = [];
  const splitter = new OutputLineSplitter(
    (line) => events.push(`line:${line}`),
    (json) => events.push(`control:${json}`),
  );
  for (const chunk of chunks) splitter.push(chunk);
  splitter.end();
  return events;
}

describe('OutputLineSplitter', () => {
  it('keeps function lines and control messages in the order they were written', () => {
    expect(split([`a\nb\n${CONTROL_MARKER}{"t":"ready"}\nc\n`])).toEqual([
      'line:a',
      'line:b',
      'control:{"t":"ready"}',
      'line:c',
    ]);
  });

  it('joins lines and markers split across chunks', () => {
    const text = `first\n${CONTROL_MARKER}{"t":"result"}\n`;
    const chunks = Array.from(text, (ch) => ch);
    expect(split(chunks)).toEqual(['line:first', 'control:{"t":"result"}']);
  });

  it('separates output written without a newline just before a control message', () => {
    expect(split([`partial${CONTROL_MARKER}{"t":"x"}\n`])).toEqual(['line:partial', 'control:{"t":"x"}']);
  });

  it('emits a last line without newline when the stream ends', () => {
    expect(split(['tail'])).toEqual(['line:tail']);
  });
});
