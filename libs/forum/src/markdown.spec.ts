import { describe, expect, it } from '@jest/globals';
import { renderPostBody } from './markdown.js';

describe('renderPostBody', () => {
  it('renders ordinary markdown', () => {
    expect(renderPostBody('**Day 30** of being sober')).toBe('<p><strong>Day 30</strong> of being sober</p>\n');
  });

  it.each([
    ['<script>alert(1)</script>', /<script/i],
    ['<img src=x onerror=alert(1)>', /<img/i],
    ['<svg/onload=alert(1)>', /<svg/i],
    ['[click](javascript:alert(1))', /href="javascript/i],
    ['[click](JaVaScRiPt:alert(1))', /href="javascript/i],
    ['<a href="jav&#x09;ascript:alert(1)">x</a>', /<a /i],
    ['![i](x" onerror="alert(1))', /<img|onerror="/i],
    ['[x](data:text/html;base64,PHNjcmlwdD4=)', /href="data:/i],
  ])('renders %s inert', (payload, live) => {
    expect(renderPostBody(payload)).not.toMatch(live);
  });

  it('marks links as user content that passes no referrer authority', () => {
    expect(renderPostBody('see https://988lifeline.org')).toContain('rel="nofollow ugc noopener"');
  });

  it('demotes headings below the page heading', () => {
    expect(renderPostBody('# Big')).toBe('<h3>Big</h3>\n');
  });
});
