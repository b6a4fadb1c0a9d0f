// Same-origin door to the engine's list exports (GET /exports/<list>.csv|.xlsx?<filters>): the
// file is passed on as the engine writes it, never held here, so a million rows cost the console
// nothing; the browser leaving stops the engine's export too.
import { env } from '@/env';
import { forwardedRequestHeaders, forwardedResponseHeaders } from '@/lib/engine-forward';

export async function GET(request: Request, context: { params: Promise<{ file: string }> }) {
  const { file } = await context.params;
  const { search } = new URL(request.url);
  let upstream: Response;
  try {
    upstream = await fetch(`${env.REPAY_ENGINE_URL}/exports/${encodeURIComponent(file)}${search}`, {
      headers: forwardedRequestHeaders(request),
      redirect: 'manual',
      cache: 'no-store',
      signal: request.signal,
    });
  } catch {
    return Response.json(
      { error: { code: 'INTERNAL', message: 'engine unavailable' } },
      { status: 502 },
    );
  }
  return new Response(upstream.body, {
    status: upstream.status,
    headers: forwardedResponseHeaders(upstream),
  });
}

export const dynamic = 'force-dynamic';
