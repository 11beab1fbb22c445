import type { Fixes } from '../fixes.js';
import type { ConversationState, MemoryEntry } from '../store/tables.js';
import { buildContextWindow } from './context-window.js';

/** How much conversation the bot remembers per user, and how much of it goes into a prompt. */
export const MEMORY_LIMIT = 40;
export const CONTEXT_WORDS = 2000;

export interface TurnUpdate {
  user: MemoryEntry;
  assistant: MemoryEntry;
  intent: string;
  at: string;
  onboardingStep: string | undefined;
  dailybotUserUuid: string | undefined;
  fixes: Fixes;
}

type Step = (draft: ConversationState, update: TurnUpdate) => void;

/** The reducer's steps; each changes a few fields of the state. */
const STEPS: Step[] = [
  function appendUserEntry(draft, update) {
    draft.memory.push(update.user);
  },
  function appendAssistantEntry(draft, update) {
    draft.memory.push(update.assistant);
  },
  function trimMemory(draft) {
    if (draft.memory.length > MEMORY_LIMIT) draft.memory.splice(0, draft.memory.length - MEMORY_LIMIT);
  },
  function countTurn(draft) {
    draft.turnCount += 1;
  },
  function rememberIntent(draft, update) {
    draft.lastIntent = update.intent;
    if (update.dailybotUserUuid !== undefined) draft.dailybotUserUuid = update.dailybotUserUuid;
  },
  function advanceOnboarding(draft, update) {
    if (update.onboardingStep !== undefined && !draft.onboarding.steps.includes(update.onboardingStep)) {
      draft.onboarding.steps.push(update.onboardingStep);
    }
    draft.onboarding.completed = draft.onboarding.steps.length >= 2;
  },
  function refreshSummary(draft, update) {
    draft.summary = buildContextWindow(draft.memory, CONTEXT_WORDS, update.fixes.has('cpu-hot-function'));
  },
  function touch(draft, update) {
    draft.updatedAt = update.at;
  },
];

/** Keys whose value changed, for the audit line. */
function changedKeys(before: ConversationState, after: ConversationState, deep: boolean): string[] {
  return (Object.keys(after) as (keyof ConversationState)[]).filter((key) =>
    deep ? JSON.stringify(before[key]) !== JSON.stringify(after[key]) : before[key] !== after[key],
  );
}

/** Applies one turn to the conversation state and returns the new state and the changed keys. */
export function applyTurn(
  state: ConversationState,
  update: TurnUpdate,
): { state: ConversationState; changed: string[] } {
  if (!update.fixes.has('memory-heavy-operation')) {
    // Planted (memory-heavy-operation): "immutable" updates by deep-cloning the whole state (tens of
    // kilobytes of memory entries) before every step, then diffing full JSON copies for the audit line.
    let current = state;
    for (const step of STEPS) {
      const draft = structuredClone(current);
      step(draft, update);
      // "Did this step change anything?": two full serializations per step, for a debug line.
      if (JSON.stringify(draft) === JSON.stringify(current)) console.debug(`state step ${step.name}: no change`);
      current = draft;
    }
    return { state: current, changed: changedKeys(state, current, true) };
  }
  // The fix: one shallow copy; the arrays and objects the steps change are copied, the rest is shared.
  const next: ConversationState = {
    ...state,
    memory: [...state.memory],
    onboarding: { ...state.onboarding, steps: [...state.onboarding.steps] },
  };
  for (const step of STEPS) step(next, update);
  const changed = changedKeys(state, next, false).filter(
    (key) => key !== 'onboarding' || JSON.stringify(state.onboarding) !== JSON.stringify(next.onboarding),
  );
  return { state: next, changed };
}
