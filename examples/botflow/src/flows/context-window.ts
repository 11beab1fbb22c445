import type { MemoryEntry } from '../store/tables.js';

/** Characters that would turn a user's words into formatting in the prompt or the chat reply. */
const ESCAPES: Record<string, string> = { '*': '\\*', _: '\\_', '`': '\\`', '~': '\\~', '|': '\\|', '>': '\\>' };

function header(entry: MemoryEntry): string {
  return `[${entry.at.slice(0, 16)}] ${entry.role === 'user' ? 'User' : 'Assistant'} (${entry.intent}):`;
}

/** Soft-wraps a text into lines of at most `width` characters, at spaces. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (word === '') continue;
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

function countWords(text: string): number {
  return text.split(/\s+/).filter((word) => word !== '').length;
}

/**
 * The rolling context fed to the assistant: memory rendered as wrapped, escaped lines, trimmed from the
 * oldest line so it stays within `maxWords`.
 *
 * Planted (cpu-hot-function): escapes character by character into a growing string and re-counts the
 * words of the whole window after every line, quadratic in the memory size and run on every message.
 */
export function buildContextWindowSlow(memory: readonly MemoryEntry[], maxWords: number): string {
  let window = '';
  for (const entry of memory) {
    for (const line of [header(entry), ...wrap(entry.text, 72)]) {
      let escaped = '';
      for (const ch of line) escaped += ESCAPES[ch] ?? ch;
      window += `${escaped}\n`;
      while (countWords(window) > maxWords) window = window.slice(window.indexOf('\n') + 1);
    }
  }
  return window;
}

/** The fix: escape each line once, keep a running word count, join once. Same output. */
export function buildContextWindowFast(memory: readonly MemoryEntry[], maxWords: number): string {
  const lines: string[] = [];
  const words: number[] = [];
  let total = 0;
  for (const entry of memory) {
    for (const line of [header(entry), ...wrap(entry.text, 72)]) {
      const escaped = line.replace(/[*_`~|>]/g, (ch) => ESCAPES[ch] ?? ch);
      lines.push(escaped);
      const count = countWords(escaped);
      words.push(count);
      total += count;
    }
  }
  let first = 0;
  while (total > maxWords && first < lines.length) total -= words[first++] ?? 0;
  const kept = lines.slice(first);
  return kept.length === 0 ? '' : `${kept.join('\n')}\n`;
}

export function buildContextWindow(memory: readonly MemoryEntry[], maxWords: number, fixed: boolean): string {
  return fixed ? buildContextWindowFast(memory, maxWords) : buildContextWindowSlow(memory, maxWords);
}
