import { METADATA_KEYS, PROFILE_SUBSEGMENT_NAME } from '../contract/names.js';
import type { ProfileRecord } from '../contract/types.js';
import type { SegmentLike } from '../structural-types.js';
import { sendDocument, type XrayTarget } from './xray.js';

/** The sampled profile as its own child document of the handler subsegment (`## lambda-profiler:profile`), one datagram. */
export function sendProfile(
  target: XrayTarget,
  profile: ProfileRecord,
  startEpochMs: number,
  endEpochMs: number,
): void {
  const handler = target.handler;
  const ctor = handler.constructor as new (name: string) => SegmentLike;
  sendDocument(
    handler,
    ctor,
    PROFILE_SUBSEGMENT_NAME,
    startEpochMs / 1000,
    endEpochMs / 1000,
    METADATA_KEYS.profile,
    profile,
    [],
  );
}
