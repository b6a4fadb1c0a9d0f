// GET /exports/<list>.csv|.xlsx?<the list's filters>[&lang=en]: the whole filtered list as a
// file, for a console user holding the list's permission (the session cookie, as tRPC). Rows
// are read in keyset pages from the list's service and written to the response as they come, so
// a million rows take no more memory than a page. Every export leaves an audit row (who, which
// list, the filters, how many rows went out, whether it was complete).
import { PassThrough } from 'node:stream';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { AppServices } from '../../context';
import { AppError, fromZodIssues } from '../../lib/errors';
import { hasPermission, type SessionUser } from '../../modules/auth';
import type { Actor } from '../../modules/events';
import { shanghaiTime } from './cells';
import type { ExportList, ExportPage, Words } from './define';
import { contentTypes, csvWriter, xlsxWriter, type ExportFormat, type RowWriter } from './writers';

/** Rows per page read from a list's service. */
export const EXPORT_PAGE_SIZE = 1000;

const FILE = /^([a-z][a-z0-9-]*)\.(csv|xlsx)$/;

function refuse(reply: FastifyReply, error: AppError) {
  return reply.status(error.status).type('application/json').send(error.toBody());
}

/** `审计日志-20260315-100000.csv`, with an ASCII fallback for clients without RFC 5987. */
function disposition(list: ExportList, lang: keyof Words, format: ExportFormat, now: Date) {
  const stamp = shanghaiTime(now)!.replace(/[-:]/g, '').replace(' ', '-');
  const ascii = `${list.name}-${stamp}.${format}`;
  const named = `${list.title[lang]}-${stamp}.${format}`;
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(named)}`;
}

export function exportsPlugin(deps: {
  services: AppServices;
  lists: readonly ExportList[];
  /** The console user of the request's session cookie (null: none, or it ended). */
  sessionUser(request: FastifyRequest): Promise<SessionUser | null>;
  now(): Date;
  pageSize?: number;
}): FastifyPluginAsync {
  const byName = new Map(deps.lists.map((l) => [l.name, l]));
  if (byName.size !== deps.lists.length) throw new Error('two exports share a name');
  const pageSize = deps.pageSize ?? EXPORT_PAGE_SIZE;

  return (app) => {
    app.get<{ Params: { file: string }; Querystring: Record<string, unknown> }>(
      '/:file',
      async (request, reply) => {
        const match = FILE.exec(request.params.file);
        const list = match ? byName.get(match[1]!) : undefined;
        if (!match || !list)
          return refuse(reply, new AppError('NOT_FOUND', `no export ${request.params.file}`));
        const format = match[2] as ExportFormat;
        // A download is a GET any page could start by navigation: only the console's own.
        if (request.headers['sec-fetch-site'] === 'cross-site')
          return refuse(reply, new AppError('FORBIDDEN', 'cross-site export refused'));
        const user = await deps.sessionUser(request);
        if (!user) return refuse(reply, new AppError('UNAUTHORIZED', 'please log in'));
        if (user.mustChangePassword)
          return refuse(reply, new AppError('FORBIDDEN', 'change your password first'));
        if (!hasPermission(user.role, list.permission))
          return refuse(
            reply,
            new AppError('FORBIDDEN', `role ${user.role} lacks ${list.permission}`),
          );
        const { lang, ...query } = request.query;
        const language: keyof Words = lang === 'en' ? 'en' : 'zh-CN';
        const parsed = list.filter.safeParse(query);
        if (!parsed.success) return refuse(reply, fromZodIssues(parsed.error.issues));
        const filter = parsed.data;
        const actor: Actor = { type: 'user', id: user.id };

        // The first page before the headers: a failing list is an error status, not a cut file.
        let page: ExportPage<unknown> = await list.page(filter, null, pageSize);
        const out = new PassThrough();
        const header = list.columns.map((c) => c.title[language]);
        const writer: RowWriter =
          format === 'csv' ? csvWriter(out, header) : xlsxWriter(out, list.title[language], header);
        let rows = 0;
        let recorded = false;
        const record = (complete: boolean) => {
          recorded = true;
          return deps.services.auditTrail.recordExport(actor, {
            list: list.name,
            format,
            filters: filter as Record<string, unknown>,
            rows,
            complete,
          });
        };
        const stream = async () => {
          try {
            for (;;) {
              await writer.rows(page.items.map((row) => list.columns.map((c) => c.value(row))));
              rows += page.items.length;
              if (out.destroyed) return;
              if (!page.nextCursor) break;
              page = await list.page(filter, page.nextCursor, pageSize);
            }
            // Recorded before the file's last bytes: whoever holds a whole file has its row (and
            // a row that cannot be written cuts the file).
            await record(true);
            await writer.end();
          } catch (error) {
            request.log.error({ err: error, list: list.name }, 'export failed');
            out.destroy(error as Error);
          } finally {
            if (!recorded)
              await record(false).catch((error: unknown) =>
                request.log.error({ err: error, list: list.name }, 'export audit row failed'),
              );
          }
        };
        void stream();
        return reply
          .header('content-type', contentTypes[format])
          .header('content-disposition', disposition(list, language, format, deps.now()))
          .header('cache-control', 'no-store')
          .send(out);
      },
    );
    return Promise.resolve();
  };
}
