/** Follows NextToken until the last page; AWS list calls return at most one page per request. */
export async function allPages<P extends { NextToken?: string | undefined }, T>(
  fetchPage: (nextToken: string | undefined) => Promise<P>,
  items: (page: P) => T[] | undefined,
): Promise<T[]> {
  const out: T[] = [];
  let token: string | undefined;
  do {
    const page = await fetchPage(token);
    out.push(...(items(page) ?? []));
    token = page.NextToken || undefined;
  } while (token);
  return out;
}
