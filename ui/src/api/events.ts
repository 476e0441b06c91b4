// The project's live events (Server-Sent Events): each one refreshes the SWR data it touches.
// EventSource reconnects by itself and sends Last-Event-ID, so no change is missed.
import { useEffect } from 'react';
import { useSWRConfig } from 'swr';
import { projectId } from './client';
import { keys } from './hooks';

export function useLiveEvents() {
  const { mutate } = useSWRConfig();
  useEffect(() => {
    const source = new EventSource(`/api/projects/${projectId}/events`);
    const refresh = (event: MessageEvent) => {
      const type = event.type;
      if (type.startsWith('workspace.')) void mutate(keys.workspaces);
      if (type.startsWith('session.')) void mutate(keys.sessions);
      if (type.startsWith('agent.')) void mutate(keys.agents);
      if (type.startsWith('message.')) {
        try {
          const sessionId = JSON.parse(event.data)?.data?.sessionId;
          if (sessionId) void mutate(keys.messages(sessionId));
        } catch { /* not JSON: nothing to refresh */ }
      }
    };
    const types = ['workspace.created', 'workspace.updated', 'workspace.deleted', 'session.created', 'session.updated',
      'session.deleted', 'agent.created', 'agent.updated', 'agent.deleted', 'message.created', 'message.updated'];
    for (const type of types) source.addEventListener(type, refresh);
    return () => source.close();
  }, [mutate]);
}
