/** The host of a domain written by a person, in the same form as a link's host (punycode, lower case). */
export function canonicalHost(domain: string): string {
  const bare = domain.replace(/^\*\./, '').toLowerCase();
  try {
    return new URL(`http://${bare}`).hostname.replace(/^www\./, '');
  } catch {
    return bare;
  }
}
