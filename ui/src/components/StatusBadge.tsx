// A session's or workspace's status as a small coloured badge, with its error message as a title.
const colours: Record<string, string> = {
  ready: 'bg-emerald-100 text-emerald-800 dark:bg-emerald-900/40 dark:text-emerald-300',
  running: 'bg-sky-100 text-sky-800 dark:bg-sky-900/40 dark:text-sky-300',
  'waiting for approval': 'bg-fuchsia-100 text-fuchsia-800 dark:bg-fuchsia-900/40 dark:text-fuchsia-300',
  error: 'bg-red-100 text-red-800 dark:bg-red-900/40 dark:text-red-300',
  stopped: 'bg-zinc-200 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300',
};

const labels: Record<string, string> = { creating_sandbox: 'creating sandbox' };

export function StatusBadge({ status, error }: { status: string; error?: string | null }) {
  const colour = colours[status] ?? 'bg-amber-100 text-amber-800 dark:bg-amber-900/40 dark:text-amber-300';
  return (
    <span title={error ?? undefined} data-status={status}
      className={`inline-block rounded px-1.5 py-0.5 text-[11px] font-medium whitespace-nowrap ${colour}`}>
      {labels[status] ?? status}
    </span>
  );
}
