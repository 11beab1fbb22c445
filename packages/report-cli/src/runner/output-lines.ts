import { CONTROL_MARKER } from './protocol.js';

/**
 * Splits an environment's stdout into the function's own lines and the runtime's control messages.
 * Only complete lines are emitted; a partial line waits for its newline (or for `end()`).
 */
export class OutputLineSplitter {
  #buffer = '';
  readonly #onLine: (line: string) => void;
  readonly #onControl: (json: string) => void;

  constructor(onLine: (line: string) => void, onControl: (json: string) => void) {
    this.#onLine = onLine;
    this.#onControl = onControl;
  }

  push(chunk: string): void {
    this.#buffer += chunk;
    let newline = this.#buffer.indexOf('\n');
    if (newline < 0) return;
    let start = 0;
    while (newline >= 0) {
      this.#line(this.#buffer.slice(start, newline));
      start = newline + 1;
      newline = this.#buffer.indexOf('\n', start);
    }
    this.#buffer = this.#buffer.slice(start);
  }

  /** Emits what is left when the stream ends. */
  end(): void {
    if (this.#buffer.length > 0) this.#line(this.#buffer);
    this.#buffer = '';
  }

  #line(line: string): void {
    const marker = line.indexOf(CONTROL_MARKER);
    if (marker < 0) {
      this.#onLine(line);
      return;
    }
    // Function output written without a trailing newline just before a control message.
    if (marker > 0) this.#onLine(line.slice(0, marker));
    this.#onControl(line.slice(marker + CONTROL_MARKER.length));
  }
}
