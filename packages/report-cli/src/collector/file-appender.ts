import { closeSync, mkdirSync, openSync, writev, writevSync } from 'node:fs';
import { dirname } from 'node:path';

const NEWLINE = Buffer.from('\n');

/**
 * Appends to a file in batches: callers append synchronously (a push), one vectored write per
 * event-loop turn goes to the kernel. Received datagram bytes are written as they are: joining and
 * re-encoding strings costs the main thread more than the daemon's whole parse. `close()` writes
 * whatever is still pending, so a signal handler that awaits it loses nothing that was appended.
 */
export class FileAppender {
  readonly path: string;
  #fd: number;
  #pending: Buffer[] = [];
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

  /** Appends text as is. */
  append(text: string): void {
    this.#push(Buffer.from(text));
  }

  /** Appends one line: the bytes or text, then `\n`. */
  appendLine(line: Buffer | string): void {
    this.#push(typeof line === 'string' ? Buffer.from(line) : line, NEWLINE);
  }

  #push(...buffers: Buffer[]): void {
    if (this.#closed) throw new Error(`${this.path}: append after close`);
    this.#pending.push(...buffers);
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
    const chunk = this.#pending;
    this.#pending = [];
    this.#writing = true;
    writev(this.#fd, chunk, (error) => {
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
    if (this.#pending.length > 0) writevSync(this.#fd, this.#pending.splice(0));
    closeSync(this.#fd);
    if (this.#error) throw this.#error;
  }
}
