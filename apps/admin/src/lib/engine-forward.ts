// What passes between the browser and the engine through the console's same-origin doors
// (/trpc/*, /exports/*): every header but the hop-by-hop ones, cookies both ways. The
// browser's Origin and Referer go on unchanged (the engine refuses mutations from other
// origins), and so do the X-Forwarded-For and X-Forwarded-Proto that Next sets (the engine
// throttles sign-in per client address and marks the cookie Secure over HTTPS).
const hopByHop = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'host',
  'content-length',
  'accept-encoding',
]);

/** The browser's request headers, as the engine should see them. */
export function forwardedRequestHeaders(request: Request): Headers {
  const headers = new Headers();
  request.headers.forEach((value, key) => {
    if (!hopByHop.has(key)) headers.set(key, value);
  });
  return headers;
}

/** The engine's answer headers, as the browser should see them (each Set-Cookie kept apart). */
export function forwardedResponseHeaders(upstream: Response): Headers {
  const headers = new Headers();
  upstream.headers.forEach((value, key) => {
    if (!hopByHop.has(key) && key !== 'content-encoding' && key !== 'set-cookie')
      headers.append(key, value);
  });
  for (const cookie of upstream.headers.getSetCookie()) headers.append('set-cookie', cookie);
  return headers;
}
