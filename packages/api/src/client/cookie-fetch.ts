/**
 * A fetch that keeps cookies the way a browser tab would, for the one cookie Parley sets (the
 * refresh token, httpOnly in browsers). Node's fetch has no cookie jar.
 */
export function cookieFetch(base: typeof fetch = fetch) {
  const jar = new Map<string, string>();
  const wrapped: typeof fetch = async (input, init) => {
    const headers = new Headers(init?.headers);
    if (jar.size > 0) headers.set('cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '));
    const response = await base(input, { ...init, headers });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      if (value === '' || /max-age=0/i.test(line)) jar.delete(name);
      else jar.set(name, value);
    }
    return response;
  };
  return { fetch: wrapped, jar };
}
