/** Post ids in page order with how deep each sits in the nested reply lists. */
export function postOutline(html: string): { id: number; depth: number }[] {
  const out: { id: number; depth: number }[] = [];
  let depth = 0;
  const re = /<ol class="replies">|<\/ol>|<article class="post[^"]*" id="post-(\d+)"/g;
  for (const m of html.matchAll(re)) {
    if (m[0] === '<ol class="replies">') depth++;
    else if (m[0] === '</ol>') depth--;
    else out.push({ id: Number(m[1]), depth });
  }
  return out;
}

export function parentIdsOf(html: string): number[] {
  return [...html.matchAll(/name="parentId" value="(\d+)"/g)].map((m) => Number(m[1]));
}
