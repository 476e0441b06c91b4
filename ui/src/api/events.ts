// The project's live events (Server-Sent Events): each one refreshes the SWR data it touches.
// EventSource reconnects by itself and sends Last-Event-ID, so no change is missed.
import { useEffect } from 'react';
import { useSWRConfig } from 'swr';
import { projectId } from './client';
import { keys } from './hooks';
import { notifyIfHidden } from '../notifications';
import { markWaiting } from './approvals';

export function useLiveEvents() {
  const { mutate } = useSWRConfig();
  useEffect(() => {
    const source = new EventSource(`/api/projects/${projectId}/events`);
    const refresh = (event: MessageEvent) => {
      const type = event.type;
      if (type.startsWith('workspace.')) void mutate(keys.workspaces);
      if (type.startsWith('session.')) void mutate(keys.sessions);
      if (type.startsWith('agent.')) void mutate(keys.agents);
      let data: { sessionId?: string; role?: string; status?: string } | undefined;
      try {
        data = JSON.parse(event.data)?.data;
      } catch { /* not JSON: nothing to refresh */ }
      if (type.startsWith('message.') && data?.sessionId) {
        void mutate(keys.messages(data.sessionId));
        if (type === 'message.updated') markWaiting(data.sessionId, false);
        if (type === 'message.updated' && data.role === 'assistant' && data.status === 'complete') {
          notifyIfHidden('Octobot: turn finished', 'The agent has answered.');
        }
      }
      if (type === 'chat.approval_requested' && data?.sessionId) {
        markWaiting(data.sessionId, true);
        notifyIfHidden('Octobot: approval needed', 'An agent waits for your answer.');
      }
    };
    const types = ['workspace.created', 'workspace.updated', 'workspace.deleted', 'session.created', 'session.updated',
      'session.deleted', 'agent.created', 'agent.updated', 'agent.deleted', 'message.created', 'message.updated',
      'chat.approval_requested'];
    for (const type of types) source.addEventListener(type, refresh);
    return () => source.close();
  }, [mutate]);
}
