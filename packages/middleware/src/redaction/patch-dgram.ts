import type dgram from 'node:dgram';
import { builtin } from '../builtins.js';
import { redactDatagram } from './datagram.js';
import { isRedactionWrapper, markWrapper } from './patch-stdio.js';
import type { CompiledRedaction } from './rules.js';

type Send = (this: dgram.Socket, ...args: unknown[]) => void;

/**
 * The X-Ray SDK's form: `send(buffer, 0, length, port, address, callback)`, a Buffer that is an X-Ray
 * document. Taken without building an argument array: this runs once per document, inside the
 * invocation, and every allocation there shows in the warm-invocation benchmark.
 */
function redactXrayForm(
  msg: unknown,
  offset: unknown,
  length: unknown,
  rules: CompiledRedaction,
): Buffer | null | undefined {
  if (!(msg instanceof Buffer) || typeof offset !== 'number' || typeof length !== 'number') return undefined;
  return redactDatagram(msg, offset, length, rules);
}

/**
 * Patches `dgram.Socket.prototype.send`, the one point every X-Ray document leaves the process:
 * the X-Ray SDK (used by Powertools Tracer) creates a new socket per send in Lambda mode, so a
 * per-socket or per-emitter patch would miss documents; the prototype sees them all, whoever built
 * them. Datagrams that do not start with the daemon header pass through untouched.
 */
export function patchDgramSend(rules: () => CompiledRedaction): void {
  const proto = builtin('node:dgram').Socket.prototype as unknown as { send: Send };
  const original = proto.send;
  if (isRedactionWrapper(original)) return;
  proto.send = markWrapper(function lambdaProfilerRedactedSend(
    this: dgram.Socket,
    msg: unknown,
    offset: unknown,
    length: unknown,
    port: unknown,
    address: unknown,
    callback: unknown,
  ): void {
    // Fixed arity: dgram's send reads its parameters by position and type, never `arguments.length`,
    // so trailing `undefined`s are the same call.
    let replaced: unknown[] | null = null;
    try {
      const active = rules();
      if (active.enabled) {
        const fast = redactXrayForm(msg, offset, length, active);
        if (fast !== undefined) replaced = fast === null ? null : [fast, 0, fast.length, port, address, callback];
        else replaced = redactSendArguments([msg, offset, length, port, address, callback], active);
      }
    } catch {
      // Never break a send: on any failure the original bytes go out (redaction is best effort
      // only if the redactor itself throws, which its pure string functions do not).
    }
    if (replaced) original.apply(this, replaced);
    else original.call(this, msg, offset, length, port, address, callback);
  });
}

function redactSendArguments(args: unknown[], rules: CompiledRedaction): unknown[] | null {
  if (!rules.enabled) return null;
  let msg = args[0];
  if (Array.isArray(msg)) msg = Buffer.concat(msg.map((part) => (typeof part === 'string' ? Buffer.from(part) : part)));
  if (typeof msg === 'string') msg = Buffer.from(msg);
  if (!(msg instanceof Uint8Array)) return null;
  // send(msg, offset, length, port?, address?, callback?) or send(msg, port?, address?, callback?).
  const withOffset = typeof args[1] === 'number' && typeof args[2] === 'number';
  const offset = withOffset ? (args[1] as number) : 0;
  const length = withOffset ? (args[2] as number) : msg.byteLength;
  const redacted = redactDatagram(msg, offset, length, rules);
  if (redacted === null) return msg === args[0] ? null : [msg, ...args.slice(1)];
  return withOffset ? [redacted, 0, redacted.length, ...args.slice(3)] : [redacted, ...args.slice(1)];
}
