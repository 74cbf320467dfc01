/**
 * What of a URL may reach the log. Links in mails carry secrets in their path (invitation and
 * password reset links, the calendar feed): whoever reads the log must not be able to use them.
 * Known secret paths lose their last segment; any other segment or query value that looks like a
 * token (long, random-looking) is masked too, so a secret URL added later is covered by default.
 */
const SECRET_PATHS = /^(\/(?:invitation|reinitialisation|calendrier)\/)[^/?#]+?(\.ics)?$/;
const TOKEN_LIKE = /^[A-Za-z0-9_-]{20,}$/;
const SECRET_QUERY_KEY = /token|jeton|secret|key|cle|code|pass|sig/i;
export const MASK = '[masqué]';

function maskSegment(segment: string): string {
  const [name, ext] = /^(.*?)(\.[a-z]{2,4})?$/.exec(segment)!.slice(1);
  return TOKEN_LIKE.test(name) ? MASK + (ext ?? '') : segment;
}

export function safeUrl(url: string): string {
  const q = url.indexOf('?');
  const rawPath = q === -1 ? url : url.slice(0, q);
  const query = q === -1 ? '' : url.slice(q + 1);
  const known = SECRET_PATHS.exec(rawPath);
  const path = known ? `${known[1]}${MASK}${known[2] ?? ''}` : rawPath.split('/').map(maskSegment).join('/');
  if (!query) return path;
  const params = query.split('&').map((pair) => {
    const eq = pair.indexOf('=');
    const key = eq === -1 ? pair : pair.slice(0, eq);
    if (eq === -1) return pair;
    const value = pair.slice(eq + 1);
    return SECRET_QUERY_KEY.test(key) || TOKEN_LIKE.test(decodeSafe(value)) ? `${key}=${MASK}` : pair;
  });
  return `${path}?${params.join('&')}`;
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
