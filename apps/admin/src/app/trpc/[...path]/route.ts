// Same-origin door to the engine's tRPC endpoint, resolved at run time (so one build serves any
// engine address: a next.config rewrite would be frozen into the build's routes manifest).
// Cookies and headers pass through both ways (lib/engine-forward.ts); the console holds no
// database connection.
import { env } from '@/env';
import { forwardedRequestHeaders, forwardedResponseHeaders } from '@/lib/engine-forward';

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
  const headers = forwardedRequestHeaders(request);
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
  return new Response(await upstream.arrayBuffer(), {
    status: upstream.status,
    headers: forwardedResponseHeaders(upstream),
  });
}

export const GET = forward;
export const POST = forward;
export const dynamic = 'force-dynamic';
