// What the session changed against its base: one tab per file with its counts and unified diff,
// and "Apply", which takes the work home (a branch, a push, or a patch) and shows where it went.
import { useState } from 'react';
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

type ApplyResult = { mode: string; branch?: string; commit?: string; patch?: string; pullRequest?: { url: string } };

export function Changes({ session }: { session: Session }) {
  const { data: diff, error, mutate, isValidating } = useDiff(session.id);
  const [selected, setSelected] = useState(0);
  const [applied, setApplied] = useState<ApplyResult | null>(null);
  const [applyError, setApplyError] = useState<string | null>(null);

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
        <button type="button" onClick={() => void mutate()} className="ml-auto rounded border border-zinc-300 px-2 py-1 dark:border-zinc-700">
          {isValidating ? 'Refreshing…' : 'Refresh'}
        </button>
        <button type="button" onClick={() => void apply()} disabled={diff.files.length === 0}
          className="rounded bg-indigo-600 px-2 py-1 font-medium text-white disabled:opacity-50">Apply</button>
      </div>
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
            {file.binary ? <p className="p-4 text-sm text-zinc-500">Binary file ({file.status}).</p> : <PatchView patch={file.patch ?? ''} />}
          </div>
        </>
      )}
    </div>
  );
}
