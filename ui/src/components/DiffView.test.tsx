import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { DiffView } from './DiffView';

const patch = [
  'diff --git a/a.py b/a.py', '--- a/a.py', '+++ b/a.py', '@@ -1,3 +1,3 @@',
  ' import os', '-x = 1', '-y = 2', '+x = "one"', ' print(x)',
].join('\n');

describe('DiffView', () => {
  it('shows the unified diff with the file language highlighted', () => {
    const html = renderToStaticMarkup(<DiffView path="a.py" patch={patch} split={false} />);
    expect(html).toContain('data-testid="patch"');
    expect(html).toContain('<span class="hljs-keyword">import</span> os');
    expect(html).toContain('<span class="hljs-string">&quot;one&quot;</span>');
    expect(html).toContain('@@ -1,3 +1,3 @@');
  });

  it('puts removals beside the additions that replace them, context on both sides', () => {
    const html = renderToStaticMarkup(<DiffView path="a.py" patch={patch} split />);
    const rows = html.split('<div class="grid grid-cols-2">').slice(1);
    expect(rows).toHaveLength(4);  // import, x/x, y/(nothing), print
    expect(rows[1]).toMatch(/x = <span class="hljs-number">1<\/span>.*x = <span class="hljs-string">/);
    expect(rows[2]).toMatch(/y = .*<pre class="overflow-x-auto px-2 "> <\/pre>/);
  });

  it('does not interpret a diff line as markup', () => {
    const html = renderToStaticMarkup(<DiffView path="notes.unknown" patch={'@@ -0,0 +1 @@\n+<img src=x onerror=alert(1)>'} split={false} />);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img');
  });
});
