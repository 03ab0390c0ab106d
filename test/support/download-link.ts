/**
 * What the download page does with a link (`<bot>/downloads[?lang=…]#<token>`), done with `fetch`:
 * the browser never sends the fragment, so the page's script reads the token and posts it.
 */

/** The token in a link's fragment. */
export function tokenOf(url: string): string {
  return decodeURIComponent(new URL(url).hash.replace(/^#/, ''));
}

/** Where the page posts to: the link without its fragment. */
function pageAddress(url: string): string {
  const address = new URL(url);
  address.hash = '';
  return address.toString();
}

/** What the page asks when it is opened: whether the link works and what it gives. */
export async function linkStatus(url: string): Promise<{ state: string; file?: string }> {
  const response = await fetch(`${new URL(url).origin}/downloads/status`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: tokenOf(url) }),
  });
  return (await response.json()) as { state: string; file?: string };
}

/** The page's button: posts the token as its form does, and answers what the browser would save or show. */
export function download(url: string): Promise<Response> {
  return fetch(pageAddress(url), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: tokenOf(url) }).toString(),
  });
}
