import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';

/** A page as sent: the encoded body and its ETag, both computed once per revision. */
export interface GuestPage {
  revision: string;
  body: Buffer;
  etag: string;
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
  private readonly pages = new Map<string, GuestPage>();
  private bytes = 0;
  private readonly maxBytes = Number(process.env.GUEST_PAGE_CACHE_MB ?? 32) * 1024 * 1024;

  get(key: string, revision: string): GuestPage | null {
    const page = this.pages.get(key);
    if (!page) return null;
    this.pages.delete(key);
    if (page.revision !== revision) {
      this.bytes -= page.body.length;
      return null;
    }
    this.pages.set(key, page);
    return page;
  }

  set(key: string, revision: string, html: string): GuestPage {
    const body = Buffer.from(html);
    const page = { revision, body, etag: `W/"${createHash('sha1').update(body).digest('base64url')}"` };
    if (body.length > this.maxBytes / 4) return page;
    const old = this.pages.get(key);
    if (old) {
      this.bytes -= old.body.length;
      this.pages.delete(key);
    }
    this.pages.set(key, page);
    this.bytes += body.length;
    for (const [oldest, stale] of this.pages) {
      if (this.bytes <= this.maxBytes) break;
      this.pages.delete(oldest);
      this.bytes -= stale.body.length;
    }
    return page;
  }

  get size(): number {
    return this.pages.size;
  }
}
