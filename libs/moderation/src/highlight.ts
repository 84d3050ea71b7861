import type { TextSpan } from './checks/index.js';

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/**
 * The post's source text, escaped, with the spans that checks matched wrapped in <mark>, so a
 * moderator sees at a glance what triggered a flag. Overlapping spans are merged.
 */
export function highlightSpans(text: string, spans: readonly TextSpan[]): string {
  const ranges = spans
    .filter((s) => s.start >= 0 && s.end > s.start && s.end <= text.length)
    .map((s) => [s.start, s.end] as [number, number])
    .sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const r of ranges) {
    const last = merged.at(-1);
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([...r]);
  }
  let out = '';
  let at = 0;
  for (const [start, end] of merged) {
    out += escapeHtml(text.slice(at, start)) + '<mark>' + escapeHtml(text.slice(start, end)) + '</mark>';
    at = end;
  }
  return out + escapeHtml(text.slice(at));
}
