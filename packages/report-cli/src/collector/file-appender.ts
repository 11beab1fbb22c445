import { closeSync, mkdirSync, openSync, write, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Appends text to a file in batches: callers append synchronously (cheap: a string push), one
 * write per event-loop turn goes to the kernel. `close()` writes whatever is still pending, so a
 * signal handler that awaits it loses nothing that was appended.
 */
export class FileAppender {
  readonly path: string;
  #fd: number;
  #pending: string[] = [];
  #writing = false;
  #scheduled = false;
  #closed = false;
  #idle: (() => void)[] = [];
  #error: Error | undefined;

  constructor(path: string) {
    this.path = path;
    mkdirSync(dirname(path), { recursive: true });
    this.#fd = openSync(path, 'a');
  }

  append(text: string): void {
    if (this.#closed) throw new Error(`${this.path}: append after close`);
    this.#pending.push(text);
    if (!this.#scheduled && !this.#writing) {
      this.#scheduled = true;
      setImmediate(() => this.#flush());
    }
  }

  #flush(): void {
    this.#scheduled = false;
    if (this.#writing) return;
    if (this.#pending.length === 0) {
      for (const resolve of this.#idle.splice(0)) resolve();
      return;
    }
    const chunk = this.#pending.join('');
    this.#pending = [];
    this.#writing = true;
    write(this.#fd, chunk, null, 'utf8', (error) => {
      this.#writing = false;
      if (error) this.#error ??= error;
      this.#flush();
    });
  }

  /** Resolves once everything appended so far is in the file. */
  async drain(): Promise<void> {
    if (!this.#writing && this.#pending.length === 0) return;
    await new Promise<void>((resolve) => {
      this.#idle.push(resolve);
      if (!this.#writing && !this.#scheduled) this.#flush();
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    await this.drain();
    this.#closed = true;
    // Anything appended between drain() resolving and now (same turn) is written synchronously.
    if (this.#pending.length > 0) writeSync(this.#fd, this.#pending.splice(0).join(''));
    closeSync(this.#fd);
    if (this.#error) throw this.#error;
  }
}
