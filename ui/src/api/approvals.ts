// Which sessions wait for an approval: set by the project's chat.approval_requested events,
// cleared when the approval is answered here or the turn ends (message.updated).
import { useSyncExternalStore } from 'react';

const waiting = new Set<string>();
const listeners = new Set<() => void>();
let snapshot: ReadonlySet<string> = new Set();

function changed() {
  snapshot = new Set(waiting);
  for (const listener of listeners) listener();
}

export function markWaiting(sessionId: string, isWaiting: boolean) {
  if (waiting.has(sessionId) === isWaiting) return;
  if (isWaiting) waiting.add(sessionId);
  else waiting.delete(sessionId);
  changed();
}

export function useWaitingSessions(): ReadonlySet<string> {
  return useSyncExternalStore((listener) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }, () => snapshot);
}
