// The chat stream renderer on the part shapes the server's UI message stream produces
// (agent-api/chat/ui_stream_mapper.cpp), rendered to markup without a browser.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { MessageParts } from './MessageParts';

type Parts = Parameters<typeof MessageParts>[0]['parts'];

describe('MessageParts', () => {
  it('renders text as Markdown with highlighted code, and reasoning collapsed', () => {
    const html = renderToStaticMarkup(<MessageParts parts={[
      { type: 'reasoning', text: 'thinking hard', state: 'done' },
      { type: 'text', text: 'Wrote **hello.txt**:\n\n```sh\necho hi\n```', state: 'done' },
    ] as Parts} />);
    expect(html).toContain('<strong>hello.txt</strong>');
    expect(html).toContain('<code class="language-sh"><span class="hljs-built_in">echo</span> hi');
    expect(html).toMatch(/<details[^>]*><summary[^>]*>Thinking<\/summary>/);
  });

  it('renders a tool call with its command, output and file edits as a small diff', () => {
    const html = renderToStaticMarkup(<MessageParts parts={[{
      type: 'dynamic-tool', toolName: 'Edit', toolCallId: 't1', state: 'output-available',
      input: { file_path: '/data/workspace/a.txt' },
      output: { text: 'edited', diffs: [{ path: 'a.txt', oldText: 'old line', newText: 'new line' }] },
    }] as Parts} />);
    expect(html).toContain('data-testid="tool-card"');
    expect(html).toContain('/data/workspace/a.txt');
    expect(html).toContain('-old line');
    expect(html).toContain('+new line');
    expect(html).toContain('output available');
  });

  it('offers allow, allow always and reject for an approval request, open', () => {
    const html = renderToStaticMarkup(<MessageParts onApproval={() => {}} parts={[{
      type: 'dynamic-tool', toolName: 'Bash', toolCallId: 't2', state: 'approval-requested',
      input: { command: 'rm -rf build' }, approval: { id: 'a1' },
    }] as Parts} />);
    expect(html).toMatch(/<details[^>]* open=""/);
    for (const label of ['Allow', 'Allow always', 'Reject']) expect(html).toContain(`>${label}</button>`);
  });

  it('shows a failed tool in its error state and a plan collapsed', () => {
    const html = renderToStaticMarkup(<MessageParts parts={[
      { type: 'dynamic-tool', toolName: 'Bash', toolCallId: 't3', state: 'output-error', input: { command: 'false' }, errorText: 'exit 1' },
      { type: 'data-plan', id: 'plan', data: { entries: [{ content: 'Write tests', status: 'pending' }] } },
    ] as Parts} />);
    expect(html).toContain('exit 1');
    expect(html).toContain('Plan (1 steps)');
    expect(html).toContain('Write tests');
  });
});
