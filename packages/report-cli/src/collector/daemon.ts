import { createSocket, type Socket } from 'node:dgram';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FileAppender } from './file-appender.js';
import { type InvalidReason, parseDatagramBytes } from './protocol.js';

/** The X-Ray daemon's default address (formats.md §4). */
export const DEFAULT_DAEMON_HOST = '127.0.0.1';
export const DEFAULT_DAEMON_PORT = 2000;
/**
 * Asked of the kernel for the socket's receive buffer. Linux caps it at `net.core.rmem_max` (and
 * reports twice the value it grants); bursts from many environments are absorbed here, not lost.
 */
export const DEFAULT_RECV_BUFFER_BYTES = 32 * 1024 * 1024;

export interface CollectorOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  recvBufferSize?: number;
  /** SO_REUSEPORT: several sockets (threads) share the port; Linux spreads senders across them. */
  reusePort?: boolean;
  /** Where every accepted document goes, one NDJSON line each. */
  out?: FileAppender;
}

export interface CollectorStats {
  /** Datagrams received, valid or not. */
  datagrams: number;
  documents: number;
  invalid: number;
  invalidByReason: Record<InvalidReason, number>;
  bytes: number;
}

/**
 * A local X-Ray daemon: receives segment documents over UDP and appends them as NDJSON.
 * Invalid datagrams are counted by reason and never stop it.
 */
export class XRayCollector {
  readonly host: string;
  readonly port: number;
  /** The receive buffer the kernel granted, bytes. */
  readonly recvBufferSize: number;
  readonly stats: CollectorStats = {
    datagrams: 0,
    documents: 0,
    invalid: 0,
    invalidByReason: { 'missing-header': 0, 'bad-header': 0, 'bad-document': 0 },
    bytes: 0,
  };
  #socket: Socket;
  #out: FileAppender | undefined;
  #lastDatagramAt = performance.now();
  #closed: Promise<CollectorStats> | undefined;

  private constructor(socket: Socket, options: CollectorOptions) {
    this.#socket = socket;
    this.#out = options.out;
    const address = socket.address();
    this.host = address.address;
    this.port = address.port;
    this.recvBufferSize = socket.getRecvBufferSize();
    socket.on('message', (message) => {
      this.#lastDatagramAt = performance.now();
      this.stats.datagrams++;
      this.stats.bytes += message.length;
      const parsed = parseDatagramBytes(message);
      if (!parsed.ok) {
        this.stats.invalid++;
        this.stats.invalidByReason[parsed.reason]++;
        return;
      }
      this.stats.documents++;
      this.#out?.appendLine(parsed.document);
    });
  }

  /** Binds the socket; rejects with the bind error (e.g. EADDRINUSE). */
  static async start(options: CollectorOptions = {}): Promise<XRayCollector> {
    const host = options.host ?? DEFAULT_DAEMON_HOST;
    const socket = createSocket({
      type: host.includes(':') ? 'udp6' : 'udp4',
      recvBufferSize: options.recvBufferSize ?? DEFAULT_RECV_BUFFER_BYTES,
      reusePort: options.reusePort === true,
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(options.port ?? DEFAULT_DAEMON_PORT, host, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    // After binding, a socket error (rare for UDP) must not crash the process: count it and go on.
    socket.on('error', () => {});
    return new XRayCollector(socket, options);
  }

  /** `host:port`, the value of `AWS_XRAY_DAEMON_ADDRESS` for senders. */
  get address(): string {
    return this.host.includes(':') ? `[${this.host}]:${this.port}` : `${this.host}:${this.port}`;
  }

  /**
   * Waits until no datagram arrived for `quietMs` (at most `maxMs`): what senders had already sent
   * is read from the kernel buffer before the socket closes.
   */
  async settle(quietMs = 30, maxMs = 2000): Promise<void> {
    const start = performance.now();
    while (performance.now() - start < maxMs) {
      // The quiet window starts no earlier than the call: datagrams may sit in the kernel buffer
      // unread (a thread that was not scheduled), and reading them takes a pass of the event loop.
      const quietFor = performance.now() - Math.max(this.#lastDatagramAt, start);
      if (quietFor >= quietMs) return;
      await sleep(Math.max(1, quietMs - quietFor));
    }
  }

  /** Settles, closes the socket and flushes the output. Idempotent. */
  close(options: { quietMs?: number; maxMs?: number } = {}): Promise<CollectorStats> {
    this.#closed ??= (async () => {
      await this.settle(options.quietMs, options.maxMs);
      await new Promise<void>((resolve) => this.#socket.close(() => resolve()));
      await this.#out?.close();
      return this.stats;
    })();
    return this.#closed;
  }
}
