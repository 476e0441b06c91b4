// Data for the screens, through SWR: each hook's key is its REST path, so the event stream
// (events.ts) refreshes exactly what an event touched.
import useSWR from 'swr';
import { api, projectId, unwrap, type Agent, type Diff, type Message, type Session, type Workspace } from './client';

const p = { projectId };

export const keys = {
  workspaces: `/api/projects/${projectId}/workspaces`,
  sessions: `/api/projects/${projectId}/sessions`,
  agents: `/api/projects/${projectId}/agents`,
  messages: (id: string) => `/api/projects/${projectId}/sessions/${id}/messages`,
  diff: (id: string) => `/api/projects/${projectId}/sessions/${id}/diff`,
};

export function useWorkspaces() {
  return useSWR<Workspace[]>(keys.workspaces, async () =>
    (await unwrap(api.GET('/api/projects/{projectId}/workspaces', { params: { path: p } }))).items);
}

// Every session of the project, page by page (200 a page).
export function useSessions() {
  return useSWR<Session[]>(keys.sessions, async () => {
    const all: Session[] = [];
    let cursor: string | undefined;
    do {
      const page = await unwrap(api.GET('/api/projects/{projectId}/sessions', {
        params: { path: p, query: { limit: 200, ...(cursor ? { cursor } : {}) } },
      }));
      all.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return all;
  });
}

export function useAgents() {
  return useSWR<Agent[]>(keys.agents, async () =>
    (await unwrap(api.GET('/api/projects/{projectId}/agents', { params: { path: p } }))).items);
}

export function useMessages(sessionId: string) {
  return useSWR<Message[]>(keys.messages(sessionId), async () =>
    (await unwrap(api.GET('/api/projects/{projectId}/sessions/{sessionId}/messages',
      { params: { path: { ...p, sessionId } } }))).items, { revalidateOnFocus: false });
}

export function useDiff(sessionId: string) {
  return useSWR<Diff>(keys.diff(sessionId), async () =>
    await unwrap(api.GET('/api/projects/{projectId}/sessions/{sessionId}/diff',
      { params: { path: { ...p, sessionId } } })), { revalidateOnFocus: false });
}
