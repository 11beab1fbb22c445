import { nowMs } from '../clock.js';
import { enterRecording } from './current.js';
import { globalState } from './global-state.js';
import { Recording } from './recording.js';

/** Starts the recording of a new invocation: counts it for the environment and makes it current. */
export function startRecording(): Recording {
  const recording = new Recording(nowMs());
  recording.index = ++globalState().invocations;
  enterRecording(recording);
  return recording;
}
