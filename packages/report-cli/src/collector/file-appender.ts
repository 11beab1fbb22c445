import { closeSync, mkdirSync, openSync, write, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/** Size of the reusable chunks appended text is copied into. */
const CHUNK_BYTES = 256 * 1024;
/**
 * Appended data waits this long before it is written: at 20,000 documents a second that is one write
 * of ~130 kB instead of hundreds of small ones, and each write call costs the main thread ~0.1 ms.
 */
const FLUSH_INTERVAL_MS = 10;
const NEWLINE = 0x0a;

interface Chunk {
  buffer: Buffer;
  used: number;
}

/**
 * Appends to a file in batches: callers append synchronously (a copy into a reusable chunk), and the
 * chunk is written every few milliseconds. Copying a datagram's bytes costs far less on the
 * main thread than handing the kernel thousands of small buffers or re-encoding strings: the
 * collector's throughput depends on it. `close()` writes whatever is still pending, so a signal
 * handler that awaits it loses nothing that was appended.
 */
export class FileAppender {
  readonly path: string;
  #fd: number;
  #current: Chunk = { buffer: Buffer.allocUnsafeSlow(CHUNK_BYTES), used: 0 };
  #full: Chunk[] = [];
  #spare: Buffer[] = [];
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
    this.#copy(text, false);
  }

  /** Appends one line: the bytes or text, then `\n`. */
  appendLine(line: Buffer | string): void {
    this.#copy(line, true);
  }

  #copy(data: Buffer | string, newline: boolean): void {
    if (this.#closed) throw new Error(`${this.path}: append after close`);
    const length = (typeof data === 'string' ? Buffer.byteLength(data) : data.length) + (newline ? 1 : 0);
    let chunk = this.#current;
    if (chunk.used + length > chunk.buffer.length) chunk = this.#rotate(length);
    chunk.used += typeof data === 'string' ? chunk.buffer.write(data, chunk.used) : data.copy(chunk.buffer, chunk.used);
    if (newline) chunk.buffer[chunk.used++] = NEWLINE;
    if (!this.#writing) this.#schedule();
  }

  #schedule(): void {
    if (this.#scheduled || (this.#current.used === 0 && this.#full.length === 0)) return;
    this.#scheduled = true;
    setTimeout(() => this.#flush(), FLUSH_INTERVAL_MS);
  }

  /** Queues the current chunk for writing and starts another with room for `needed` bytes. */
  #rotate(needed: number): Chunk {
    if (this.#current.used > 0) this.#full.push(this.#current);
    else this.#spare.push(this.#current.buffer);
    const spare = needed <= CHUNK_BYTES ? this.#spare.pop() : undefined;
    this.#current = { buffer: spare ?? Buffer.allocUnsafeSlow(Math.max(CHUNK_BYTES, needed)), used: 0 };
    return this.#current;
  }

  #takePending(): Chunk[] {
    if (this.#current.used > 0) this.#rotate(0);
    const pending = this.#full;
    this.#full = [];
    return pending;
  }

  #flush(): void {
    this.#scheduled = false;
    if (this.#writing) return;
    const pending = this.#takePending();
    if (pending.length === 0) {
      for (const resolve of this.#idle.splice(0)) resolve();
      return;
    }
    this.#writing = true;
    // One write per chunk, in order (usually one chunk): a vectored write costs the main thread more.
    const next = (index: number) => {
      const chunk = pending[index];
      if (!chunk) {
        this.#writing = false;
        // Someone waits in drain(): write the rest now. Otherwise let the next batch build up.
        if (this.#idle.length > 0) this.#flush();
        else this.#schedule();
        return;
      }
      write(this.#fd, chunk.buffer, 0, chunk.used, null, (error) => {
        if (error) this.#error ??= error;
        // Chunks of the usual size are reused: no allocation per write.
        if (chunk.buffer.length === CHUNK_BYTES && this.#spare.length < 4) this.#spare.push(chunk.buffer);
        next(index + 1);
      });
    };
    next(0);
  }

  /** Resolves once everything appended so far is in the file. */
  async drain(): Promise<void> {
    if (!this.#writing && this.#current.used === 0 && this.#full.length === 0) return;
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
    const pending = this.#takePending();
    for (const chunk of pending) {
      let offset = 0;
      while (offset < chunk.used) offset += writeSync(this.#fd, chunk.buffer, offset, chunk.used - offset);
    }
    closeSync(this.#fd);
    if (this.#error) throw this.#error;
  }
}
