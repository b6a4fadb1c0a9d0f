// Same-origin door to the engine's tRPC endpoint, resolved at run time (so one build serves any
// engine address). Cookies pass through both ways; the console holds no database connection.
import { env } from '@/env';

const hopByHop = new Set(['connection', 'keep-alive', 'transfer-encoding', 'host', 'content-length', 'accept-encoding']);

async function forward(request: Request, context: { params: Promise<{ path: string[] }> }) {
  const { path } = await context.params;
  const url = new URL(request.url);
  const target = `${env.REPAY_ENGINE_URL}/trpc/${path.map(encodeURIComponent).join('/')}${url.search}`;
  const headers = new Headers();
  request.headers.forEach((value, key) => {
    if (!hopByHop.has(key)) headers.set(key, value);
  });
  const upstream = await fetch(target, {
    method: request.method,
    headers,
    body: request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer(),
    redirect: 'manual',
  });
  const responseHeaders = new Headers();
  upstream.headers.forEach((value, key) => {
    if (!hopByHop.has(key) && key !== 'content-encoding' && key !== 'set-cookie') responseHeaders.append(key, value);
  });
  for (const cookie of upstream.headers.getSetCookie()) responseHeaders.append('set-cookie', cookie);
  return new Response(await upstream.arrayBuffer(), { status: upstream.status, headers: responseHeaders });
}

export const GET = forward;
export const POST = forward;
export const dynamic = 'force-dynamic';
