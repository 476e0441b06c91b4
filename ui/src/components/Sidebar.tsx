// Workspaces and their sessions with live status badges: open, new session, stop, delete.
import { useState } from 'react';
import { useSWRConfig } from 'swr';
import { api, projectId, unwrap, type Session, type Workspace } from '../api/client';
import { useWaitingSessions } from '../api/approvals';
import { keys } from '../api/hooks';
import { AddWorkspace } from './FirstRun';
import { StatusBadge } from './StatusBadge';

interface Props {
  workspaces: Workspace[];
  sessions: Session[];
  selected: string | null;
  onSelect: (id: string | null) => void;
}

export function Sidebar({ workspaces, sessions, selected, onSelect }: Props) {
  const { mutate } = useSWRConfig();
  const waiting = useWaitingSessions();
  const [adding, setAdding] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function act(work: () => Promise<unknown>) {
    setError(null);
    try {
      await work();
      await mutate(keys.sessions);
    } catch (e) {
      setError((e as Error).message);
    }
  }

  const newSession = (workspace: Workspace) => act(async () => {
    const session = await unwrap(api.POST('/api/projects/{projectId}/workspaces/{workspaceId}/sessions', {
      params: { path: { projectId, workspaceId: workspace.id } }, body: {},
    }));
    onSelect(session.id);
  });
  const stop = (session: Session) => act(() => unwrap(api.POST('/api/projects/{projectId}/sessions/{sessionId}/stop', {
    params: { path: { projectId, sessionId: session.id } },
  })));
  const remove = (session: Session) => {
    if (!window.confirm(`Delete "${session.name || 'this session'}" and its sandbox?`)) return;
    void act(async () => {
      await unwrap(api.DELETE('/api/projects/{projectId}/sessions/{sessionId}', {
        params: { path: { projectId, sessionId: session.id } },
      }));
      if (selected === session.id) onSelect(null);
    });
  };

  return (
    <nav aria-label="Workspaces and sessions" className="flex h-full flex-col gap-3 overflow-y-auto p-3">
      {workspaces.map((workspace) => (
        <section key={workspace.id} aria-label={workspace.displayName}>
          <div className="flex items-center gap-2">
            <h2 className="min-w-0 flex-1 truncate text-sm font-semibold" title={workspace.path}>{workspace.displayName}</h2>
            {workspace.status !== 'ready' && <StatusBadge status={workspace.status} error={workspace.errorMessage} />}
            <button type="button" onClick={() => void newSession(workspace)} disabled={workspace.status !== 'ready'}
              aria-label={`New session in ${workspace.displayName}`}
              className="rounded px-1.5 text-lg leading-none text-indigo-600 disabled:opacity-40">+</button>
          </div>
          <ul className="mt-1 flex flex-col gap-0.5">
            {sessions.filter((s) => s.workspaceId === workspace.id).map((session) => (
              <li key={session.id} className={`group flex items-center gap-1 rounded px-1 ${selected === session.id ? 'bg-zinc-200 dark:bg-zinc-800' : ''}`}>
                <button type="button" onClick={() => onSelect(session.id)} aria-current={selected === session.id ? 'page' : undefined}
                  className="min-w-0 flex-1 truncate py-1 text-left text-sm">{session.name || 'New session'}</button>
                <StatusBadge status={waiting.has(session.id) ? 'waiting for approval' : session.status} error={session.errorMessage} />
                {['ready', 'running'].includes(session.status) && (
                  <button type="button" onClick={() => void stop(session)} aria-label={`Stop ${session.name || 'session'}`}
                    className="px-1 text-xs text-zinc-500">■</button>
                )}
                <button type="button" onClick={() => remove(session)} aria-label={`Delete ${session.name || 'session'}`}
                  className="px-1 text-xs text-zinc-500">✕</button>
              </li>
            ))}
          </ul>
        </section>
      ))}
      {error && <p role="alert" className="text-xs text-red-600">{error}</p>}
      {adding ? <AddWorkspace onAdded={() => setAdding(false)} /> : (
        <button type="button" onClick={() => setAdding(true)} className="self-start text-sm text-indigo-600">Add a workspace</button>
      )}
    </nav>
  );
}
