import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

// Raw HTML off and images off: an image from another host would tell that host who is reading.
const markdown = new MarkdownIt({ html: false, linkify: true, breaks: true }).disable(['image']);

// Headings inside a post never compete with the page's own h1/h2.
const demoteHeading = (tag: string) => () => ({ tagName: tag, attribs: {} });

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'strong', 'em', 'del', 's', 'a', 'ul', 'ol', 'li', 'blockquote', 'code', 'pre', 'hr', 'h3', 'h4', 'h5', 'h6'],
  allowedAttributes: { a: ['href', 'rel'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowProtocolRelative: false,
  // Quotes in text are harmless in a text node, but escaping them keeps a stored body safe
  // even if a later template ever places it inside an attribute.
  textFilter: (escapedText) => escapedText.replace(/"/g, '&quot;').replace(/'/g, '&#39;'),
  transformTags: {
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'nofollow ugc noopener' } }),
    h1: demoteHeading('h3'),
    h2: demoteHeading('h3'),
    h3: demoteHeading('h4'),
    h4: demoteHeading('h5'),
  },
};

/** Markdown source → safe HTML. Run once when a post is written or edited; pages show the stored HTML. */
export function renderPostBody(source: string): string {
  return sanitizeHtml(markdown.render(source), SANITIZE);
}
