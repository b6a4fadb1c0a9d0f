// A page's filters as a saved view keeps them: empty values left out and keys sorted, so the
// same filters read in another order are the same view.
export function canonicalQuery(query: string): string {
  const params = [...new URLSearchParams(query).entries()].filter(([, v]) => v !== '');
  params.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return new URLSearchParams(params).toString();
}
