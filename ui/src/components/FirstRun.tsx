// The first screen of a new user: add a workspace (a local folder or a git URL), watch it get
// ready, and start a session with the default agent in one step.
import { useState, type FormEvent } from 'react';
import { useSWRConfig } from 'swr';
import { api, projectId, unwrap, type Workspace } from '../api/client';
import { keys } from '../api/hooks';
import { StatusBadge } from './StatusBadge';

export function AddWorkspace({ onAdded }: { onAdded?: (workspace: Workspace) => void }) {
  const { mutate } = useSWRConfig();
  const [path, setPath] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const sourceType = /^(https?|ssh|file):\/\/|^git@/.test(path.trim()) ? 'git' : 'local';
    try {
      const workspace = await unwrap(api.POST('/api/projects/{projectId}/workspaces', {
        params: { path: { projectId } }, body: { path: path.trim(), sourceType },
      }));
      await mutate(keys.workspaces);
      setPath('');
      onAdded?.(workspace);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} className="flex flex-col gap-2">
      <label htmlFor="workspace-path" className="text-sm font-medium">Folder on this machine or git URL</label>
      <div className="flex gap-2">
        <input id="workspace-path" value={path} onChange={(e) => setPath(e.target.value)} required
          placeholder="/home/me/project or https://github.com/me/project.git"
          className="min-w-0 flex-1 rounded border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900" />
        <button type="submit" disabled={busy || !path.trim()}
          className="rounded bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-50">
          Add workspace
        </button>
      </div>
      {error && <p role="alert" className="text-sm text-red-600 dark:text-red-400">{error}</p>}
    </form>
  );
}

export function FirstRun({ workspaces, onSession }: { workspaces: Workspace[]; onSession: (id: string) => void }) {
  const { mutate } = useSWRConfig();
  const [error, setError] = useState<string | null>(null);
  const latest = workspaces[0];

  async function startSession(workspace: Workspace) {
    setError(null);
    try {
      const session = await unwrap(api.POST('/api/projects/{projectId}/workspaces/{workspaceId}/sessions', {
        params: { path: { projectId, workspaceId: workspace.id } }, body: {},
      }));
      await mutate(keys.sessions);
      onSession(session.id);
    } catch (e) {
      setError((e as Error).message);
    }
  }

  return (
    <main className="mx-auto flex max-w-xl flex-col gap-6 p-6">
      <header>
        <h1 className="text-2xl font-semibold">Welcome to Octobot</h1>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          Point Octobot at a project. Each session runs an agent in its own sandbox; your folder is only read
          until you apply the work.
        </p>
      </header>
      {!latest && <AddWorkspace />}
      {latest && (
        <section aria-label="Workspace" className="rounded border border-zinc-200 p-4 dark:border-zinc-800">
          <div className="flex items-center justify-between gap-2">
            <div className="min-w-0">
              <div className="truncate font-medium">{latest.displayName}</div>
              <div className="truncate text-xs text-zinc-500">{latest.path}</div>
            </div>
            <StatusBadge status={latest.status} error={latest.errorMessage} />
          </div>
          {latest.status === 'error' && <p role="alert" className="mt-2 text-sm text-red-600">{latest.errorMessage}</p>}
          <button type="button" disabled={latest.status !== 'ready'} onClick={() => void startSession(latest)}
            className="mt-4 w-full rounded bg-indigo-600 px-3 py-2 text-sm font-medium text-white disabled:opacity-50">
            {latest.status === 'ready' ? 'Start a session' : 'Preparing the workspace…'}
          </button>
          {error && <p role="alert" className="mt-2 text-sm text-red-600">{error}</p>}
        </section>
      )}
    </main>
  );
}
