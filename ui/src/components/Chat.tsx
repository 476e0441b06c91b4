// The session's chat: useChat on the server's UI message stream. The history is the server's
// (GET …/messages); a turn running when the page loads is re-attached (resume → GET …/chat/stream).
// The view follows new output only while the reader is at the bottom.
import { useChat } from '@ai-sdk/react';
import { DefaultChatTransport, type UIMessage } from 'ai';
import { memo, useEffect, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { projectId, type Message, type Session } from '../api/client';
import { markWaiting } from '../api/approvals';
import { useMessages } from '../api/hooks';
import { MessageParts, type ApprovalAnswer } from './MessageParts';

function toUiMessages(stored: Message[]): UIMessage[] {
  // A message still streaming is the running turn: the resumed stream brings it again whole.
  const done = stored.filter((m) => !(m.role === 'assistant' && m.status === 'streaming'));
  return done.map((m) => ({ id: m.id, role: m.role, parts: m.parts as UIMessage['parts'], metadata: m.metadata }));
}

function usageLine(metadata: unknown): string | null {
  const m = metadata as { usage?: { inputTokens?: number; outputTokens?: number }; costUsd?: number } | undefined;
  if (!m?.usage) return null;
  const cost = typeof m.costUsd === 'number' ? ` · $${m.costUsd.toFixed(4)}` : '';
  return `${m.usage.inputTokens ?? 0} in · ${m.usage.outputTokens ?? 0} out${cost}`;
}

// One message; a message whose object did not change (all but the streaming one) is not rendered again.
const MessageView = memo(function MessageView({ message, onApproval }: { message: UIMessage; onApproval: ApprovalAnswer }) {
  return (
    <article data-role={message.role} aria-label={message.role === 'user' ? 'You' : 'Agent'}
      className={`mb-3 ${message.role === 'user' ? 'ml-auto w-fit max-w-[85%] rounded-lg bg-indigo-50 px-3 py-2 dark:bg-indigo-950/50' : ''}`}>
      <MessageParts parts={message.parts} onApproval={onApproval} />
      {message.role === 'assistant' && usageLine(message.metadata) && (
        <div className="text-[11px] text-zinc-500">{usageLine(message.metadata)}</div>
      )}
    </article>
  );
});

export function Chat({ session }: { session: Session }) {
  const { data: stored, error } = useMessages(session.id);
  if (error) return <p role="alert" className="p-4 text-sm text-red-600">{(error as Error).message}</p>;
  if (!stored) return <p className="p-4 text-sm text-zinc-500">Loading the conversation…</p>;
  return <ChatThread key={session.id} session={session} initial={toUiMessages(stored)} />;
}

function ChatThread({ session, initial }: { session: Session; initial: UIMessage[] }) {
  const base = `/api/projects/${projectId}/sessions/${session.id}`;
  const transport = useMemo(() => new DefaultChatTransport({
    api: `${base}/chat`,
    prepareReconnectToStreamRequest: () => ({ api: `${base}/chat/stream` }),
  }), [base]);
  // Updates at most every 50 ms: a fast stream re-renders the page 20 times a second, not per chunk.
  const { messages, sendMessage, status, stop, error } = useChat({ id: session.id, messages: initial, transport, resume: true, throttle: 50 });
  const [input, setInput] = useState('');
  const scroller = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const busy = status === 'submitted' || status === 'streaming';

  useEffect(() => {
    const element = scroller.current;
    if (element && atBottom.current) element.scrollTop = element.scrollHeight;
  }, [messages]);

  function send(event?: FormEvent) {
    event?.preventDefault();
    const text = input.trim();
    if (!text || busy) return;
    atBottom.current = true;
    void sendMessage({ text });
    setInput('');
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) send(event);
  }

  async function cancel() {
    await fetch(`${base}/chat/cancel`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    void stop();
  }

  const answer = useMemo<ApprovalAnswer>(() => (approvalId, approved, always = false) => {
    markWaiting(session.id, false);
    void fetch(`${base}/chat/approvals/${approvalId}`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ approved, always }),
    });
  }, [base, session.id]);

  function retry() {
    const lastUser = [...messages].reverse().find((m) => m.role === 'user');
    const text = lastUser?.parts.map((p) => (p.type === 'text' ? p.text : '')).join('') ?? '';
    if (text) void sendMessage({ text });
  }

  return (
    <div className="flex h-full min-h-0 flex-col">
      <div ref={scroller} className="min-h-0 flex-1 overflow-y-auto p-4" data-testid="chat-log"
        onScroll={(e) => {
          const el = e.currentTarget;
          atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
        }}>
        {messages.length === 0 && (
          <p className="text-sm text-zinc-500">Ask the agent to do something in this workspace.</p>
        )}
        {messages.map((message) => <MessageView key={message.id} message={message} onApproval={answer} />)}
        {error && (
          <div role="alert" className="rounded border border-red-300 p-2 text-sm text-red-700 dark:border-red-800 dark:text-red-300">
            {error.message} <button type="button" onClick={retry} className="ml-2 underline">Retry</button>
          </div>
        )}
      </div>
      <form onSubmit={send} className="flex gap-2 border-t border-zinc-200 p-2 dark:border-zinc-800">
        <label htmlFor="chat-input" className="sr-only">Message</label>
        <textarea id="chat-input" value={input} onChange={(e) => setInput(e.target.value)} onKeyDown={onKeyDown}
          rows={2} placeholder="Message the agent (Enter to send, Shift+Enter for a new line)"
          className="min-w-0 flex-1 resize-none rounded border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900" />
        {busy ? (
          <button type="button" onClick={() => void cancel()} className="rounded bg-red-600 px-3 text-sm font-medium text-white">Stop</button>
        ) : (
          <button type="submit" disabled={!input.trim()} className="rounded bg-indigo-600 px-3 text-sm font-medium text-white disabled:opacity-50">Send</button>
        )}
      </form>
    </div>
  );
}
