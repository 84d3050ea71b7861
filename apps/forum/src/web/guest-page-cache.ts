import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { Injectable } from '@nestjs/common';

/**
 * A page as sent: the encoded body, its gzip form (a long thread shrinks about sevenfold, which
 * matters to members reading on a phone with little data) and their ETags, all computed once per
 * revision instead of once per reader.
 */
export interface GuestPage {
  revision: string;
  body: Buffer;
  etag: string;
  gzipped: Buffer;
  gzippedEtag: string;
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
      this.bytes -= sizeOf(page);
      return null;
    }
    this.pages.set(key, page);
    return page;
  }

  set(key: string, revision: string, html: string): GuestPage {
    const body = Buffer.from(html);
    const hash = createHash('sha1').update(body).digest('base64url');
    const page = { revision, body, etag: `W/"${hash}"`, gzipped: gzipSync(body), gzippedEtag: `W/"${hash}-gzip"` };
    if (sizeOf(page) > this.maxBytes / 4) return page;
    const old = this.pages.get(key);
    if (old) {
      this.bytes -= sizeOf(old);
      this.pages.delete(key);
    }
    this.pages.set(key, page);
    this.bytes += sizeOf(page);
    for (const [oldest, stale] of this.pages) {
      if (this.bytes <= this.maxBytes) break;
      this.pages.delete(oldest);
      this.bytes -= sizeOf(stale);
    }
    return page;
  }

  get size(): number {
    return this.pages.size;
  }
}

const sizeOf = (page: GuestPage) => page.body.length + page.gzipped.length;
