// Same-origin door to the engine's tRPC endpoint, resolved at run time (so one build serves any
// engine address: a next.config rewrite would be frozen into the build's routes manifest).
// Cookies pass through both ways; the console holds no database connection. The browser's
// Origin and Referer go on unchanged (the engine refuses mutations from other origins), and so
// do the X-Forwarded-For and X-Forwarded-Proto that Next sets (the engine throttles sign-in per
// client address and marks the cookie Secure over HTTPS).
import { env } from '@/env';

const hopByHop = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'host',
  'content-length',
  'accept-encoding',
]);

/** A tRPC-shaped 502 (one entry per batched call) so the client shows "cannot reach the service". */
function engineUnavailable(procedures: string, batch: boolean) {
  const error = {
    error: {
      message: 'engine unavailable',
      code: -32603,
      data: { code: 'INTERNAL_SERVER_ERROR', httpStatus: 502, appCode: null, field: null },
    },
  };
  const body = batch ? procedures.split(',').map(() => error) : error;
  return Response.json(body, { status: 502 });
}

async function forward(request: Request, context: { params: Promise<{ path: string[] }> }) {
  const { path } = await context.params;
  const url = new URL(request.url);
  const procedures = path.join('/');
  const target = `${env.REPAY_ENGINE_URL}/trpc/${path.map(encodeURIComponent).join('/')}${url.search}`;
  const headers = new Headers();
  request.headers.forEach((value, key) => {
    if (!hopByHop.has(key)) headers.set(key, value);
  });
  let upstream: Response;
  try {
    upstream = await fetch(target, {
      method: request.method,
      headers,
      body:
        request.method === 'GET' || request.method === 'HEAD'
          ? undefined
          : await request.arrayBuffer(),
      redirect: 'manual',
      cache: 'no-store',
    });
  } catch {
    return engineUnavailable(procedures, url.searchParams.get('batch') === '1');
  }
  const responseHeaders = new Headers();
  upstream.headers.forEach((value, key) => {
    if (!hopByHop.has(key) && key !== 'content-encoding' && key !== 'set-cookie')
      responseHeaders.append(key, value);
  });
  for (const cookie of upstream.headers.getSetCookie())
    responseHeaders.append('set-cookie', cookie);
  return new Response(await upstream.arrayBuffer(), {
    status: upstream.status,
    headers: responseHeaders,
  });
}

export const GET = forward;
export const POST = forward;
export const dynamic = 'force-dynamic';
