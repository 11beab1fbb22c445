export {
  type CollectorOptions,
  type CollectorStats,
  DEFAULT_DAEMON_HOST,
  DEFAULT_DAEMON_PORT,
  DEFAULT_RECV_BUFFER_BYTES,
  XRayCollector,
} from './daemon.js';
export { FileAppender } from './file-appender.js';
export { DAEMON_HEADER, encodeDatagram, type InvalidReason, type ParsedDatagram, parseDatagram } from './protocol.js';
export { defaultWorkerPath, ThreadedCollector } from './threaded.js';
