import { parseDocument } from 'htmlparser2';
import type { ChildNode, Element } from 'domhandler';

// The forum's own pages contain none of these: any of them in a page came from content.
const FORBIDDEN_ELEMENTS = new Set([
  'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'base', 'svg', 'math', 'style',
  'template', 'noscript', 'img', 'video', 'audio', 'source', 'marquee', 'portal', 'isindex',
]);
const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster', 'background', 'cite', 'codebase', 'srcset']);
// Browsers ignore ASCII whitespace and control characters inside a scheme, so "java\tscript:" runs.
const DANGEROUS_URL = /^(javascript|vbscript|data):/i;

const isElement = (node: ChildNode): node is Element => node.type === 'tag' || node.type === 'script' || node.type === 'style';

function describe(el: Element): string {
  const attrs = Object.entries(el.attribs).map(([k, v]) => `${k}="${v.slice(0, 60)}"`).join(' ');
  return `<${el.name}${attrs ? ' ' + attrs : ''}>`;
}

/**
 * Everything in a page that could run script or load something chosen by a poster: scripts
 * other than the forum's own files, event-handler attributes, script-capable URLs, embedded
 * documents and SVG/MathML islands. An empty list means the content on the page is inert.
 */
export function activeContent(html: string): string[] {
  const problems: string[] = [];
  const walk = (nodes: ChildNode[]) => {
    for (const node of nodes) {
      if (!isElement(node)) continue;
      const name = node.name.toLowerCase();
      if (name === 'script') {
        const src = node.attribs.src ?? '';
        if (!/^\/static\/js\/[\w-]+\.js$/.test(src) || node.children.length > 0) problems.push(`script element ${describe(node)}`);
      }
      if (FORBIDDEN_ELEMENTS.has(name)) problems.push(`element ${describe(node)}`);
      if (name === 'meta' && (node.attribs['http-equiv'] !== undefined || (node.attribs.content ?? '').toLowerCase().includes('url'))) problems.push(`meta ${describe(node)}`);
      if (name === 'link' && !/^\/static\//.test(node.attribs.href ?? '')) problems.push(`link ${describe(node)}`);
      for (const [attr, value] of Object.entries(node.attribs)) {
        const key = attr.toLowerCase();
        if (key.startsWith('on')) problems.push(`event handler ${key} on ${describe(node)}`);
        if (key === 'srcdoc' || key === 'style') problems.push(`attribute ${key} on ${describe(node)}`);
        if (URL_ATTRIBUTES.has(key) || key.endsWith(':href')) {
          const url = [...value].filter((c) => c.codePointAt(0)! > 0x20 && !/[\u007f-\u00a0\u200b-\u200f\u2028\u2029\ufeff]/.test(c)).join('');
          if (DANGEROUS_URL.test(url)) problems.push(`${key}="${value.slice(0, 60)}" on <${name}>`);
        }
      }
      walk(node.children);
    }
  };
  walk(parseDocument(html, { decodeEntities: true, lowerCaseAttributeNames: true }).children);
  return problems;
}

/** The text a reader sees (entities decoded), plus attribute values such as a form field's value. */
export function visibleText(html: string): string {
  const parts: string[] = [];
  const walk = (nodes: ChildNode[]) => {
    for (const node of nodes) {
      if (node.type === 'text') parts.push(node.data);
      else if (isElement(node)) {
        if (node.attribs.value !== undefined) parts.push(node.attribs.value);
        walk(node.children);
      }
    }
  };
  walk(parseDocument(html, { decodeEntities: true }).children);
  return parts.join('\n');
}
