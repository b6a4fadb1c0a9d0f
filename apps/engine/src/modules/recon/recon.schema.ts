// The console's reconciliation inputs. Files travel as base64 in JSON (the tRPC layer has no
// transformer); a file too large or not base64 is refused naming `file` (or `sample`).
import { RECON_CASE_ACTIONS, RECON_CASE_KINDS, RECON_CASE_STATUSES } from '@repay/rules';
import { z } from 'zod';
import { SAMPLE_FILE_MAX_BYTES, STATEMENT_FILE_MAX_BYTES } from './recon-console.service';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');
const channel = z.string().trim().min(1).max(40);
const limit = z.number().int().min(1).max(500).default(100);

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const mb = (bytes: number) => `${bytes / 1024 / 1024} MB`;

/** Base64 text decoded to bytes, at most `maxBytes` of them. */
const base64File = (maxBytes: number) =>
  z
    .string()
    // Checked before the pattern: a huge string is refused without being scanned.
    .max(Math.ceil(maxBytes / 3) * 4, `at most ${mb(maxBytes)}`)
    .regex(BASE64, 'the file as base64')
    .refine((text) => text.length % 4 === 0, 'the file as base64')
    .transform((text) => new Uint8Array(Buffer.from(text, 'base64')))
    .refine((bytes) => bytes.length <= maxBytes, `at most ${mb(maxBytes)}`);

/** One channel's days, runs or imports, newest first. */
export const dayRangeInput = z.object({
  channel: channel.optional(),
  from: date.optional(),
  to: date.optional(),
  limit,
});

export const importIdInput = z.object({
  importId: z.string().regex(/^imp_\d{1,18}$/, 'a statement id such as imp_12'),
});

export const uploadInput = z.object({
  channel,
  date,
  /** A format's name; absent: the channel's own. */
  format: z.string().trim().min(1).max(40).optional(),
  fileName: z.string().trim().min(1).max(200),
  file: base64File(STATEMENT_FILE_MAX_BYTES),
});

export const runInput = z.object({ channel, date });

const formatName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lower-case letters, digits and hyphens (at most 40)');

export const saveFormatInput = z.object({
  name: formatName,
  /** The format as JSON; checked by the service, each problem named by its path under body. */
  body: z.unknown(),
  note: z.string().trim().min(2, 'say what changed (at least 2 characters)').max(500),
});

export const previewFormatInput = z.object({
  body: z.unknown(),
  sample: base64File(SAMPLE_FILE_MAX_BYTES),
  /** The day a file without dates in it is read for. */
  businessDate: date,
});

const caseId = z.string().regex(/^rcc_\d{1,18}$/, 'a case id such as rcc_12');
/** What a person says of a case: required, into its history and the audit log. */
const note = z.string().trim().min(2, 'say why (at least 2 characters)').max(500);

export const casesInput = z.object({
  channel: channel.optional(),
  date: date.optional(),
  kind: z.enum(RECON_CASE_KINDS).optional(),
  status: z.enum(RECON_CASE_STATUSES).optional(),
  orderId: z.string().trim().min(1).max(64).optional(),
  cursor: caseId.nullish(),
  limit: z.number().int().min(1).max(200).default(50),
});

export const caseIdInput = z.object({ caseId });
export const assignCaseInput = z.object({ caseId, note });
export const actOnCaseInput = z.object({ caseId, action: z.enum(RECON_CASE_ACTIONS), note });
export const decideCaseInput = z.object({ caseId, approve: z.boolean(), note });
