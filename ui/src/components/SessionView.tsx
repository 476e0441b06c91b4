// One session: its header (name, status, usage) and its panes as tabs: Chat, Changes, Files, Terminal.
import { lazy, Suspense, useState } from 'react';
import { useSWRConfig } from 'swr';
import { api, projectId, unwrap, type Session } from '../api/client';
import { keys } from '../api/hooks';
import { Changes } from './Changes';
import { Chat } from './Chat';
import { Files } from './Files';
import { StatusBadge } from './StatusBadge';

// xterm.js loads only when the terminal is opened.
const Terminal = lazy(() => import('./Terminal').then((m) => ({ default: m.Terminal })));

const tabs = ['Chat', 'Changes', 'Files', 'Terminal'] as const;

export function SessionView({ session, onOpen }: { session: Session; onOpen: (id: string) => void }) {
  const [tab, setTab] = useState<(typeof tabs)[number]>('Chat');
  const usage = session.usage as { costUsd?: number } | undefined;
  const { mutate } = useSWRConfig();

  async function rename() {
    const name = window.prompt('A name for this session', session.name)?.trim();
    if (!name || name === session.name) return;
    try {
      await unwrap(api.PATCH('/api/projects/{projectId}/sessions/{sessionId}', {
        params: { path: { projectId, sessionId: session.id } }, body: { name },
      }));
      await mutate(keys.sessions);
    } catch (e) {
      window.alert((e as Error).message);
    }
  }
  return (
    <section aria-label="Session" className="flex h-full min-h-0 flex-col">
      <header className="flex items-center gap-2 border-b border-zinc-200 px-3 py-2 dark:border-zinc-800">
        <h1 className="min-w-0 flex-1 truncate font-medium">{session.name || 'New session'}</h1>
        <button type="button" onClick={() => void rename()} className="text-xs text-zinc-500 underline">Rename</button>
        {typeof usage?.costUsd === 'number' && usage.costUsd > 0 && (
          <span className="text-xs text-zinc-500">${usage.costUsd.toFixed(4)}</span>
        )}
        <StatusBadge status={session.status} error={session.errorMessage} />
      </header>
      {session.status === 'error' && session.errorMessage && (
        <p role="alert" className="border-b border-zinc-200 px-3 py-2 text-sm text-red-600 dark:border-zinc-800">{session.errorMessage}</p>
      )}
      <div role="tablist" aria-label="Session panes" className="flex gap-1 border-b border-zinc-200 px-2 dark:border-zinc-800">
        {tabs.map((name) => (
          <button key={name} role="tab" type="button" aria-selected={tab === name} onClick={() => setTab(name)}
            className={`px-3 py-1.5 text-sm ${tab === name ? 'border-b-2 border-indigo-600 font-medium' : 'text-zinc-500'}`}>{name}</button>
        ))}
      </div>
      <div role="tabpanel" className="min-h-0 flex-1">
        {tab === 'Chat' && <Chat session={session} />}
        {tab === 'Changes' && <Changes session={session} onFork={onOpen} />}
        {tab === 'Files' && <Files sessionId={session.id} />}
        {tab === 'Terminal' && (
          <Suspense fallback={<p className="p-4 text-sm text-zinc-500">Loading the terminal…</p>}>
            <Terminal sessionId={session.id} />
          </Suspense>
        )}
      </div>
    </section>
  );
}
