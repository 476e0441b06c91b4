// The session's workspace: a tree that lists a directory when it is opened, and the selected
// file in an editor that saves through the API (binary files are shown as such, not edited).
import { lazy, Suspense, useState } from 'react';
import useSWR from 'swr';
import { api, projectId, unwrap } from '../api/client';

const Editor = lazy(() => import('./Editor').then((m) => ({ default: m.Editor })));

type Entry = { name: string; path: string; type: string; size?: number };

function useListing(sessionId: string, path: string) {
  return useSWR(`/api/projects/${projectId}/sessions/${sessionId}/files?path=${path}`, async () =>
    (await unwrap(api.GET('/api/projects/{projectId}/sessions/{sessionId}/files', {
      params: { path: { projectId, sessionId }, query: { path } },
    }))).entries as Entry[]);
}

function Directory({ sessionId, path, depth, onOpen, selected }:
  { sessionId: string; path: string; depth: number; onOpen: (path: string) => void; selected: string | null }) {
  const { data, error } = useListing(sessionId, path);
  const [open, setOpen] = useState<Record<string, boolean>>({});
  if (error) return <p className="text-xs text-red-600">{(error as Error).message}</p>;
  if (!data) return <p className="text-xs text-zinc-500" style={{ paddingLeft: depth * 12 }}>…</p>;
  return (
    <ul role={depth === 0 ? 'tree' : 'group'} aria-label={depth === 0 ? 'Workspace files' : undefined}>
      {[...data].sort((a, b) => Number(b.type === 'directory') - Number(a.type === 'directory') || a.name.localeCompare(b.name))
        .filter((e) => e.name !== '.git')
        .map((entry) => (
          <li key={entry.path} role="treeitem" aria-expanded={entry.type === 'directory' ? !!open[entry.path] : undefined}
            aria-selected={entry.path === selected}>
            <button type="button" style={{ paddingLeft: depth * 12 + 4 }}
              className={`w-full truncate py-0.5 text-left text-sm ${entry.path === selected ? 'bg-zinc-200 dark:bg-zinc-800' : ''}`}
              onClick={() => entry.type === 'directory' ? setOpen({ ...open, [entry.path]: !open[entry.path] }) : onOpen(entry.path)}>
              {entry.type === 'directory' ? (open[entry.path] ? '▾ ' : '▸ ') : '  '}{entry.name}
            </button>
            {entry.type === 'directory' && open[entry.path] && (
              <Directory sessionId={sessionId} path={entry.path} depth={depth + 1} onOpen={onOpen} selected={selected} />
            )}
          </li>
        ))}
    </ul>
  );
}

function FileEditor({ sessionId, path }: { sessionId: string; path: string }) {
  const { data, error } = useSWR(`/api/projects/${projectId}/sessions/${sessionId}/files/content?path=${path}`, async () =>
    await unwrap(api.GET('/api/projects/{projectId}/sessions/{sessionId}/files/content', {
      params: { path: { projectId, sessionId }, query: { path } },
    })), { revalidateOnFocus: false });
  const [text, setText] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  if (error) return <p role="alert" className="p-3 text-sm text-red-600">{(error as Error).message}</p>;
  if (!data) return <p className="p-3 text-sm text-zinc-500">Opening {path}…</p>;
  if (data.encoding !== 'utf-8') return <p className="p-3 text-sm text-zinc-500">{path} is a binary file ({data.size} bytes).</p>;

  async function save() {
    setStatus('Saving…');
    try {
      await unwrap(api.PUT('/api/projects/{projectId}/sessions/{sessionId}/files/content', {
        params: { path: { projectId, sessionId } }, body: { path, content: text ?? data!.content },
      }));
      setStatus('Saved');
    } catch (e) {
      setStatus((e as Error).message);
    }
  }

  return (
    <div className="flex h-full min-h-0 flex-col">
      <div className="flex items-center gap-2 border-b border-zinc-200 px-2 py-1 text-sm dark:border-zinc-800">
        <span className="min-w-0 flex-1 truncate font-mono text-xs">{path}</span>
        <span role="status" className="text-xs text-zinc-500">{status}</span>
        <button type="button" onClick={() => void save()} className="rounded bg-indigo-600 px-2 py-0.5 text-white">Save</button>
      </div>
      <div className="min-h-0 flex-1">
        <Suspense fallback={<p className="p-3 text-sm text-zinc-500">Loading the editor…</p>}>
          <Editor key={path} text={data.content} onChange={(t) => { setText(t); setStatus('Edited'); }} onSave={() => void save()} />
        </Suspense>
      </div>
    </div>
  );
}

export function Files({ sessionId }: { sessionId: string }) {
  const [selected, setSelected] = useState<string | null>(null);
  return (
    <div className="flex h-full min-h-0 flex-col sm:flex-row">
      <div className="max-h-48 overflow-auto border-b border-zinc-200 p-1 sm:max-h-none sm:w-64 sm:border-r sm:border-b-0 dark:border-zinc-800">
        <Directory sessionId={sessionId} path="" depth={0} onOpen={setSelected} selected={selected} />
      </div>
      <div className="min-h-0 flex-1">
        {selected ? <FileEditor key={selected} sessionId={sessionId} path={selected} />
          : <p className="p-3 text-sm text-zinc-500">Pick a file to read or edit it.</p>}
      </div>
    </div>
  );
}
