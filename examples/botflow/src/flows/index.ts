import type { Intent } from '../model.js';
import { ask } from './ask.js';
import { checkin } from './checkin.js';
import { exportFlow } from './export.js';
import { greeting } from './greeting.js';
import { help, unknown } from './help.js';
import type { Flow } from './types.js';

export const FLOWS: Record<Intent, Flow> = {
  greeting,
  help,
  checkin,
  ask,
  export: exportFlow,
  unknown,
};
