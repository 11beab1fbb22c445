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

/** Words = runs of non-space characters (space, tab, newline), counted without allocating. */
function countWords(text: string): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const space = code === 32 || code === 10 || code === 9 || code === 13;
    if (!space && !inWord) words++;
    inWord = !space;
  }
  return words;
}

/**
 * The rolling context fed to the assistant: memory rendered as wrapped, escaped lines, trimmed from the
 * oldest line so it stays within `maxWords`.
 *
 * Planted (cpu-hot-function): appends character by character to one growing string and re-counts
 * the words of the whole window after every word to keep it within budget: quadratic in the memory
 * size, on every message.
 */
export function buildContextWindowSlow(memory: readonly MemoryEntry[], maxWords: number): string {
  let window = '';
  const trim = () => {
    while (countWords(window) > maxWords) {
      const cut = window.indexOf('\n');
      if (cut < 0) break;
      window = window.slice(cut + 1);
    }
  };
  for (const entry of memory) {
    for (const line of [header(entry), ...wrap(entry.text, 72)]) {
      for (const ch of line) {
        window += ESCAPES[ch] ?? ch;
        if (ch === ' ') trim();
      }
      window += '\n';
      trim();
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
