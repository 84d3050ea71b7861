import { describe, expect, it } from '@jest/globals';
import { highlightSpans } from './highlight.js';

describe('highlightSpans', () => {
  it('marks matched text and escapes everything', () => {
    expect(highlightSpans('call <me> at 602-555-0134', [{ start: 13, end: 25, text: '602-555-0134' }])).toBe('call &lt;me&gt; at <mark>602-555-0134</mark>');
  });

  it('merges overlapping spans and ignores spans outside the text', () => {
    expect(highlightSpans('abcdef', [{ start: 1, end: 3, text: '' }, { start: 2, end: 4, text: '' }, { start: 5, end: 99, text: '' }])).toBe('a<mark>bcd</mark>ef');
  });
});
