// A file's unified diff, shown unified or side by side, with syntax highlighting by the file's
// language (line by line, up to 200 KB of patch: beyond that, plain).
import { useMemo } from 'react';
import { highlighted, languageOf } from '../highlight';

type Line = { kind: ' ' | '+' | '-' | '@' | 'h'; text: string };
type Row = { left?: Line; right?: Line; hunk?: string };

const kMaxHighlightedBytes = 200 * 1024;

function parse(patch: string): Line[] {
  const lines: Line[] = [];
  let inHunk = false;
  for (const raw of patch.split('\n')) {
    if (raw.startsWith('@@')) {
      inHunk = true;
      lines.push({ kind: '@', text: raw });
    } else if (inHunk && (raw.startsWith('+') || raw.startsWith('-') || raw.startsWith(' '))) {
      lines.push({ kind: raw[0] as ' ' | '+' | '-', text: raw.slice(1) });
    } else if (!inHunk) {
      lines.push({ kind: 'h', text: raw });
    }
  }
  return lines;
}

// Context lines on both sides; a run of removals and the additions after it side by side.
export function splitRows(lines: Line[]): Row[] {
  const rows: Row[] = [];
  for (let i = 0; i < lines.length;) {
    const line = lines[i];
    if (line.kind === '@' || line.kind === 'h') {
      if (line.kind === '@') rows.push({ hunk: line.text });
      i++;
    } else if (line.kind === ' ') {
      rows.push({ left: line, right: line });
      i++;
    } else {
      const removed: Line[] = [];
      const added: Line[] = [];
      while (i < lines.length && lines[i].kind === '-') removed.push(lines[i++]);
      while (i < lines.length && lines[i].kind === '+') added.push(lines[i++]);
      for (let k = 0; k < Math.max(removed.length, added.length); k++) rows.push({ left: removed[k], right: added[k] });
    }
  }
  return rows;
}

const tone = { '+': 'bg-emerald-50 dark:bg-emerald-950/40', '-': 'bg-red-50 dark:bg-red-950/40', ' ': '', '@': 'text-indigo-600 dark:text-indigo-400', h: 'text-zinc-500' };

function Code({ line, language }: { line: Line; language: string | null }) {
  const html = line.kind === '+' || line.kind === '-' || line.kind === ' ' ? highlighted(line.text, language) : null;
  return html === null ? <>{line.text || ' '}</> : <span dangerouslySetInnerHTML={{ __html: html || ' ' }} />;
}

export function DiffView({ path, patch, split }: { path: string; patch: string; split: boolean }) {
  const lines = useMemo(() => parse(patch), [patch]);
  const language = patch.length <= kMaxHighlightedBytes ? languageOf(path) : null;
  if (!split) {
    return (
      <pre className="overflow-x-auto font-mono text-xs leading-5" data-testid="patch">
        {lines.map((line, i) => (
          <div key={i} className={`px-2 ${tone[line.kind]}`}>
            {line.kind === '+' || line.kind === '-' || line.kind === ' ' ? line.kind : ''}<Code line={line} language={language} />
          </div>
        ))}
      </pre>
    );
  }
  return (
    <div className="font-mono text-xs leading-5" data-testid="patch-split">
      {splitRows(lines).map((row, i) => row.hunk !== undefined ? (
        <div key={i} className={`px-2 ${tone['@']}`}>{row.hunk}</div>
      ) : (
        <div key={i} className="grid grid-cols-2">
          <pre className={`overflow-x-auto border-r border-zinc-200 px-2 dark:border-zinc-800 ${row.left ? tone[row.left.kind] : ''}`}>
            {row.left ? <Code line={row.left} language={language} /> : ' '}
          </pre>
          <pre className={`overflow-x-auto px-2 ${row.right ? tone[row.right.kind] : ''}`}>
            {row.right ? <Code line={row.right} language={language} /> : ' '}
          </pre>
        </div>
      ))}
    </div>
  );
}
