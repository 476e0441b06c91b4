import { describe, expect, it } from 'vitest';
import { markdownBlocks } from './markdown_blocks';

describe('markdownBlocks', () => {
  it('splits at blank lines', () => {
    expect(markdownBlocks('# Title\n\nA paragraph\nstill it.\n\n\n- a\n- b\n')).toEqual(['# Title', 'A paragraph\nstill it.', '- a\n- b']);
  });
  it('keeps a fenced code block whole, blank lines included', () => {
    expect(markdownBlocks('Code:\n\n```js\nconst a = 1;\n\nconst b = 2;\n```\n\nAfter.')).toEqual(
      ['Code:', '```js\nconst a = 1;\n\nconst b = 2;\n```', 'After.']);
  });
  it('keeps an unfinished fence (still streaming) together', () => {
    expect(markdownBlocks('```\nline\n\nmore')).toEqual(['```\nline\n\nmore']);
  });
});
