// The app shell: the first-run screen until there is a workspace, then the sidebar and the
// selected session (on a phone, one pane at a time with a tab bar). Live events keep it current.
import { useState } from 'react';
import { useLiveEvents } from './api/events';
import { useSessions, useWorkspaces } from './api/hooks';
import { useSelectedSession } from './navigation';
import { FirstRun } from './components/FirstRun';
import { SessionView } from './components/SessionView';
import { Settings } from './components/Settings';
import { AgentSetup } from './components/Setup';
import { Sidebar } from './components/Sidebar';

export function App() {
  useLiveEvents();
  const workspaces = useWorkspaces();
  const sessions = useSessions();
  const [selected, select] = useSelectedSession();
  const [phonePane, setPhonePane] = useState<'sessions' | 'session'>(selected ? 'session' : 'sessions');
  const [settings, setSettings] = useState(false);

  if (workspaces.error || sessions.error) {
    return <p role="alert" className="p-6 text-red-600">{((workspaces.error || sessions.error) as Error).message}</p>;
  }
  if (!workspaces.data || !sessions.data) return <p className="p-6 text-zinc-500">Loading…</p>;
  const session = sessions.data.find((s) => s.id === selected);
  const open = (id: string | null) => {
    setSettings(false);
    select(id);
    setPhonePane(id ? 'session' : 'sessions');
  };

  if (workspaces.data.length === 0 || sessions.data.length === 0) {
    return (
      <div className="min-h-full bg-white text-zinc-900 dark:bg-zinc-950 dark:text-zinc-100">
        <FirstRun workspaces={workspaces.data} onSession={open} />
        <div className="mx-auto max-w-xl px-6"><AgentSetup /></div>
      </div>
    );
  }

  return (
    <div className="flex h-full flex-col bg-white text-zinc-900 sm:flex-row dark:bg-zinc-950 dark:text-zinc-100">
      <aside className={`${phonePane === 'sessions' ? 'flex' : 'hidden'} min-h-0 flex-1 flex-col border-zinc-200 sm:flex sm:w-72 sm:flex-none sm:border-r dark:border-zinc-800`}>
        <div className="px-3 pt-3 text-lg font-semibold">Octobot</div>
        <div className="min-h-0 flex-1"><Sidebar workspaces={workspaces.data} sessions={sessions.data} selected={selected} onSelect={open} /></div>
        <div className="p-3"><AgentSetup /></div>
        <button type="button" onClick={() => { setSettings(true); setPhonePane('session'); }}
          className="border-t border-zinc-200 px-3 py-2 text-left text-sm dark:border-zinc-800">Settings</button>
      </aside>
      <main className={`${phonePane === 'session' ? 'flex' : 'hidden'} min-h-0 flex-1 flex-col sm:flex`}>
        {settings ? <Settings onClose={() => setSettings(false)} /> : session ? <SessionView session={session} onOpen={open} /> : (
          <p className="m-auto p-6 text-sm text-zinc-500">Pick a session, or start one with + next to a workspace.</p>
        )}
      </main>
      <nav aria-label="Panes" className="flex border-t border-zinc-200 sm:hidden dark:border-zinc-800">
        <button type="button" onClick={() => setPhonePane('sessions')} aria-pressed={phonePane === 'sessions'}
          className="flex-1 py-2 text-sm">Sessions</button>
        <button type="button" onClick={() => setPhonePane('session')} aria-pressed={phonePane === 'session'} disabled={!session}
          className="flex-1 py-2 text-sm disabled:opacity-40">Session</button>
      </nav>
    </div>
  );
}
