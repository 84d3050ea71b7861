import { Injectable } from '@nestjs/common';

interface CachedPage {
  revision: string;
  html: string;
}

/**
 * Rendered pages as a guest sees them, each tagged with the revision of what it shows, so a busy
 * thread is rendered once per change rather than once per reader. Members always get a fresh
 * render: their pages carry their own pending posts, forms and notices.
 *
 * Bounded by total size; the least recently used pages go first. Each web process keeps its own
 * copy, which is safe because every read checks the revision in the database.
 */
@Injectable()
export class GuestPageCache {
  private readonly pages = new Map<string, CachedPage>();
  private bytes = 0;
  private readonly maxBytes = Number(process.env.GUEST_PAGE_CACHE_MB ?? 32) * 1024 * 1024;

  get(key: string, revision: string): string | null {
    const page = this.pages.get(key);
    if (!page) return null;
    this.pages.delete(key);
    if (page.revision !== revision) {
      this.bytes -= page.html.length;
      return null;
    }
    this.pages.set(key, page);
    return page.html;
  }

  set(key: string, revision: string, html: string): void {
    if (html.length > this.maxBytes / 4) return;
    const old = this.pages.get(key);
    if (old) {
      this.bytes -= old.html.length;
      this.pages.delete(key);
    }
    this.pages.set(key, { revision, html });
    this.bytes += html.length;
    for (const [oldest, page] of this.pages) {
      if (this.bytes <= this.maxBytes) break;
      this.pages.delete(oldest);
      this.bytes -= page.html.length;
    }
  }

  get size(): number {
    return this.pages.size;
  }
}
