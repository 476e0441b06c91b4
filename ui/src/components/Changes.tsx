// What the session changed against its base: one tab per file with its counts and unified diff,
// "Apply", which takes the work home (a branch, a push, or a patch) and shows where it went, and
// the turns, each of which can start a fork.
import { useState } from 'react';
import useSWR from 'swr';
import { DiffView } from './DiffView';
import { api, projectId, unwrap, type Session } from '../api/client';
import { useDiff } from '../api/hooks';

function PatchView({ patch }: { patch: string }) {
  return (
    <pre className="overflow-x-auto font-mono text-xs leading-5" data-testid="patch">
      {patch.split('\n').map((line, i) => {
        const tone = line.startsWith('+') && !line.startsWith('+++') ? 'bg-emerald-50 dark:bg-emerald-950/40'
          : line.startsWith('-') && !line.startsWith('---') ? 'bg-red-50 dark:bg-red-950/40'
          : line.startsWith('@@') ? 'text-indigo-600 dark:text-indigo-400' : '';
        return <div key={i} className={`px-2 ${tone}`}>{line || ' '}</div>;
      })}
    </pre>
  );
}

type Turn = { turn: number; commit: string; files: number; added: number; removed: number };

// Each turn's snapshot with its diff stat, and "Fork from here": a new session from that turn.
function Turns({ session, onFork }: { session: Session; onFork: (id: string) => void }) {
  const { data } = useSWR(`/api/projects/${projectId}/sessions/${session.id}/turns`, async () =>
    (await unwrap(api.GET('/api/projects/{projectId}/sessions/{sessionId}/turns', {
      params: { path: { projectId, sessionId: session.id } },
    }))).turns as Turn[]);
  const [forking, setForking] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (!data || data.length === 0) return null;

  async function fork(turn: number) {
    setForking(turn);
    setError(null);
    try {
      const forked = await unwrap(api.POST('/api/projects/{projectId}/sessions/{sessionId}/fork', {
        params: { path: { projectId, sessionId: session.id } }, body: { turn },
      }));
      onFork(forked.session.id);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setForking(null);
    }
  }

  return (
    <details className="border-b border-zinc-200 px-2 py-1 text-sm dark:border-zinc-800">
      <summary className="cursor-pointer">Turns ({data.length})</summary>
      <ol className="mt-1 flex flex-col gap-1" aria-label="Turns">
        {data.map((t) => (
          <li key={t.turn} className="flex items-center gap-2">
            <span className="w-16">Turn {t.turn}</span>
            <span className="text-xs text-zinc-500">{t.files} files <span className="text-emerald-600">+{t.added}</span>{' '}
              <span className="text-red-600">−{t.removed}</span></span>
            <button type="button" disabled={forking !== null} onClick={() => void fork(t.turn)}
              className="ml-auto rounded border border-zinc-300 px-2 py-0.5 text-xs dark:border-zinc-700">
              {forking === t.turn ? 'Forking…' : 'Fork from here'}
            </button>
          </li>
        ))}
      </ol>
      {error && <p role="alert" className="text-xs text-red-600">{error}</p>}
    </details>
  );
}

type ApplyResult = { mode: string; branch?: string; commit?: string; patch?: string; pullRequest?: { url: string } };

export function Changes({ session, onFork }: { session: Session; onFork: (id: string) => void }) {
  const { data: diff, error, mutate, isValidating } = useDiff(session.id);
  const [selected, setSelected] = useState(0);
  const [applied, setApplied] = useState<ApplyResult | null>(null);
  const [applyError, setApplyError] = useState<string | null>(null);
  const [split, setSplit] = useState(false);

  async function apply() {
    setApplyError(null);
    try {
      setApplied(await unwrap(api.POST('/api/projects/{projectId}/sessions/{sessionId}/apply', {
        params: { path: { projectId, sessionId: session.id } }, body: {},
      })) as ApplyResult);
    } catch (e) {
      setApplyError((e as Error).message);
    }
  }

  if (error) return <p role="alert" className="p-4 text-sm text-red-600">{(error as Error).message}</p>;
  if (!diff) return <p className="p-4 text-sm text-zinc-500">Reading the changes (a stopped session is started)…</p>;
  const file = diff.files[Math.min(selected, diff.files.length - 1)];
  return (
    <div className="flex h-full min-h-0 flex-col">
      <div className="flex items-center gap-2 border-b border-zinc-200 p-2 text-sm dark:border-zinc-800">
        <span>{diff.totals.files} files <span className="text-emerald-600">+{diff.totals.added}</span>{' '}
          <span className="text-red-600">−{diff.totals.removed}</span></span>
        <button type="button" aria-pressed={split} onClick={() => setSplit(!split)}
          className="ml-auto rounded border border-zinc-300 px-2 py-1 dark:border-zinc-700">{split ? 'Unified' : 'Side by side'}</button>
        <button type="button" onClick={() => void mutate()} className="rounded border border-zinc-300 px-2 py-1 dark:border-zinc-700">
          {isValidating ? 'Refreshing…' : 'Refresh'}
        </button>
        <button type="button" onClick={() => void apply()} disabled={diff.files.length === 0}
          className="rounded bg-indigo-600 px-2 py-1 font-medium text-white disabled:opacity-50">Apply</button>
      </div>
      <Turns session={session} onFork={onFork} />
      {applied && (
        <div role="status" className="border-b border-zinc-200 p-2 text-sm dark:border-zinc-800">
          {applied.mode === 'branch' && <>Branch <code>{applied.branch}</code> at <code>{applied.commit?.slice(0, 12)}</code> in your repository.</>}
          {applied.mode === 'push' && <>Pushed <code>{applied.branch}</code>.{applied.pullRequest && <> Pull request: <a className="underline" href={applied.pullRequest.url}>{applied.pullRequest.url}</a></>}</>}
          {applied.mode === 'patch' && <details><summary>The patch</summary><PatchView patch={applied.patch ?? ''} /></details>}
        </div>
      )}
      {applyError && <p role="alert" className="border-b border-zinc-200 p-2 text-sm text-red-600 dark:border-zinc-800">{applyError}</p>}
      {diff.files.length === 0 ? (
        <p className="p-4 text-sm text-zinc-500">No changes yet.</p>
      ) : (
        <>
          <div role="tablist" aria-label="Changed files" className="flex gap-1 overflow-x-auto border-b border-zinc-200 p-1 dark:border-zinc-800">
            {diff.files.map((f, i) => (
              <button key={f.path} role="tab" type="button" aria-selected={f === file} onClick={() => setSelected(i)}
                className={`rounded px-2 py-1 text-xs whitespace-nowrap ${f === file ? 'bg-zinc-200 dark:bg-zinc-800' : ''}`}>
                {f.path} <span className="text-emerald-600">+{f.added}</span> <span className="text-red-600">−{f.removed}</span>
              </button>
            ))}
          </div>
          <div role="tabpanel" className="min-h-0 flex-1 overflow-auto">
            {file.binary ? <p className="p-4 text-sm text-zinc-500">Binary file ({file.status}).</p>
              : <DiffView path={file.path} patch={file.patch ?? ''} split={split} />}
          </div>
        </>
      )}
    </div>
  );
}
