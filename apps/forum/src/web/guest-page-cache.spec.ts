import { afterEach, describe, expect, it } from '@jest/globals';
import { GuestPageCache } from './guest-page-cache.js';

describe('GuestPageCache', () => {
  afterEach(() => {
    delete process.env.GUEST_PAGE_CACHE_MB;
  });

  it('serves a page only for the revision it was rendered at', () => {
    const pages = new GuestPageCache();
    pages.set('/t/1', '3/Grief', '<p>three</p>');
    expect(pages.get('/t/1', '3/Grief')?.body.toString()).toBe('<p>three</p>');
    expect(pages.get('/t/1', '4/Grief')).toBeNull();
    // The stale copy is dropped, not kept beside the new one.
    expect(pages.size).toBe(0);
  });

  it('stays within its size, dropping the least recently read pages first', () => {
    process.env.GUEST_PAGE_CACHE_MB = '1';
    const pages = new GuestPageCache();
    const page = 'x'.repeat(200 * 1024);
    for (const id of [1, 2, 3, 4]) pages.set(`/t/${id}`, '1', page);
    pages.get('/t/1', '1');
    pages.set('/t/5', '1', page);
    pages.set('/t/6', '1', page);
    expect(pages.size).toBe(5);
    expect(pages.get('/t/1', '1')?.body.length).toBe(page.length);
    expect(pages.get('/t/2', '1')).toBeNull();
  });

  it('does not keep a page larger than a quarter of its size', () => {
    process.env.GUEST_PAGE_CACHE_MB = '1';
    const pages = new GuestPageCache();
    pages.set('/t/1', '1', 'x'.repeat(300 * 1024));
    expect(pages.size).toBe(0);
  });
});
