// One chat message's parts as the UI message stream builds them: text as Markdown, reasoning and
// plans collapsed, tool calls as collapsible cards (command, output, file edits as small diffs),
// approval requests with allow / always / reject.
import type { UIMessage } from 'ai';
import { memo, type ReactNode } from 'react';
import { highlighted, languageOf } from '../highlight';
import Markdown from 'react-markdown';
import { markdownBlocks } from './markdown_blocks';

type Part = UIMessage['parts'][number];

export type ApprovalAnswer = (approvalId: string, approved: boolean, always?: boolean) => void;

interface ToolLike {
  toolName?: string;
  type: string;
  state: string;
  input?: unknown;
  output?: unknown;
  errorText?: string;
  title?: string;
  approval?: { id: string };
}

function toolOutputText(output: unknown): { text: string; diffs: { path: string; oldText?: string; newText?: string }[] } {
  if (output && typeof output === 'object') {
    const o = output as { text?: unknown; raw?: unknown; diffs?: unknown };
    const text = typeof o.text === 'string' ? o.text : typeof o.raw === 'string' ? o.raw : '';
    const diffs = Array.isArray(o.diffs) ? (o.diffs as { path: string; oldText?: string; newText?: string }[]) : [];
    return { text, diffs };
  }
  return { text: typeof output === 'string' ? output : output === undefined ? '' : JSON.stringify(output, null, 2), diffs: [] };
}

function inputSummary(input: unknown): string {
  if (input && typeof input === 'object') {
    const o = input as Record<string, unknown>;
    for (const key of ['command', 'file_path', 'path', 'pattern', 'url', 'query']) {
      if (typeof o[key] === 'string') return o[key] as string;
    }
    return JSON.stringify(input);
  }
  return input === undefined ? '' : String(input);
}

function SmallDiff({ path, oldText, newText }: { path: string; oldText?: string; newText?: string }) {
  const removed = (oldText ?? '').split('\n').filter((l) => l !== '');
  const added = (newText ?? '').split('\n').filter((l) => l !== '');
  return (
    <div className="mt-1 overflow-x-auto rounded border border-zinc-200 font-mono text-xs dark:border-zinc-700">
      <div className="bg-zinc-100 px-2 py-0.5 dark:bg-zinc-800">{path}</div>
      {removed.map((l, i) => <div key={`r${i}`} className="bg-red-50 px-2 whitespace-pre dark:bg-red-950/40">-{l}</div>)}
      {added.map((l, i) => <div key={`a${i}`} className="bg-emerald-50 px-2 whitespace-pre dark:bg-emerald-950/40">+{l}</div>)}
    </div>
  );
}

function ToolCard({ tool, onApproval }: { tool: ToolLike; onApproval?: ApprovalAnswer }) {
  const name = tool.toolName ?? tool.type.replace(/^tool-/, '');
  const { text, diffs } = toolOutputText(tool.output);
  const failed = tool.state === 'output-error' || tool.state === 'output-denied';
  return (
    <details className="my-1 rounded border border-zinc-200 text-sm dark:border-zinc-700" data-testid="tool-card"
      open={tool.state === 'approval-requested'}>
      <summary className="cursor-pointer px-2 py-1">
        <span className="font-medium">{name}</span>{' '}
        <span className="font-mono text-xs text-zinc-500">{tool.title ?? inputSummary(tool.input)}</span>{' '}
        <span className={`text-xs ${failed ? 'text-red-600' : 'text-zinc-500'}`}>{tool.state.replace(/-/g, ' ')}</span>
      </summary>
      <div className="border-t border-zinc-200 px-2 py-1 dark:border-zinc-700">
        {tool.input !== undefined && (
          <pre className="overflow-x-auto font-mono text-xs whitespace-pre-wrap">{inputSummary(tool.input)}</pre>
        )}
        {diffs.map((d, i) => <SmallDiff key={i} {...d} />)}
        {text && <pre className="mt-1 max-h-64 overflow-auto font-mono text-xs whitespace-pre-wrap">{text}</pre>}
        {tool.errorText && <p className="text-xs text-red-600">{tool.errorText}</p>}
        {tool.state === 'approval-requested' && tool.approval && onApproval && (
          <div className="mt-2 flex gap-2" role="group" aria-label="Approval">
            <button type="button" className="rounded bg-emerald-600 px-2 py-1 text-xs text-white"
              onClick={() => onApproval(tool.approval!.id, true)}>Allow</button>
            <button type="button" className="rounded bg-emerald-800 px-2 py-1 text-xs text-white"
              onClick={() => onApproval(tool.approval!.id, true, true)}>Allow always</button>
            <button type="button" className="rounded bg-red-600 px-2 py-1 text-xs text-white"
              onClick={() => onApproval(tool.approval!.id, false)}>Reject</button>
          </div>
        )}
      </div>
    </details>
  );
}

// One Markdown block, parsed again only when its own text changes.
// Fenced code blocks with a known language are highlighted (src/highlight.ts).
const markdownComponents = {
  code({ className, children }: { className?: string; children?: ReactNode }) {
    const language = /language-([\w+-]+)/.exec(className ?? '')?.[1];
    const html = typeof children === 'string' && language ? highlighted(children, languageOf(language)) : null;
    return html === null ? <code className={className}>{children}</code>
      : <code className={className} dangerouslySetInnerHTML={{ __html: html }} />;
  },
};

const MarkdownBlock = memo(function MarkdownBlock({ text }: { text: string }) {
  return <Markdown components={markdownComponents}>{text}</Markdown>;
});

function MarkdownText({ text }: { text: string }) {
  return (
    <div className="prose max-w-none text-sm">
      {markdownBlocks(text).map((block, i) => <MarkdownBlock key={i} text={block} />)}
    </div>
  );
}

export function MessageParts({ parts, onApproval }: { parts: Part[]; onApproval?: ApprovalAnswer }) {
  return (
    <>
      {parts.map((part, index) => {
        if (part.type === 'text') {
          return <MarkdownText key={index} text={part.text} />;
        }
        if (part.type === 'reasoning') {
          return (
            <details key={index} className="my-1 text-sm text-zinc-500">
              <summary className="cursor-pointer">Thinking</summary>
              <p className="whitespace-pre-wrap">{part.text}</p>
            </details>
          );
        }
        if (part.type === 'data-plan') {
          const entries = ((part.data as { entries?: { content?: string; status?: string }[] })?.entries) ?? [];
          return (
            <details key={index} className="my-1 text-sm">
              <summary className="cursor-pointer text-zinc-500">Plan ({entries.length} steps)</summary>
              <ul className="list-disc pl-5">
                {entries.map((e, i) => <li key={i}>{e.content} <span className="text-xs text-zinc-500">{e.status}</span></li>)}
              </ul>
            </details>
          );
        }
        if (part.type === 'dynamic-tool' || part.type.startsWith('tool-')) {
          return <ToolCard key={index} tool={part as unknown as ToolLike} onApproval={onApproval} />;
        }
        return null;
      })}
    </>
  );
}
