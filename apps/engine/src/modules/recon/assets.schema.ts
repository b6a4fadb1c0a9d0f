// The console's asset reconciliation inputs. A funder file travels as base64 in JSON (as a
// statement does), at most 20 MB, refused naming `file`.
import { ASSET_RECON_CHECKS } from '@repay/rules';
import { z } from 'zod';
import { FUNDER_FILE_MAX_BYTES } from './asset-files.service';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');
const funder = z.string().trim().min(1).max(40);
const runId = z.string().regex(/^arr_\d{1,18}$/, 'a run id such as arr_12');

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Base64 text decoded to bytes, at most 20 MB of them. */
const base64File = z
  .string()
  // Checked before the pattern: a huge string is refused without being scanned.
  .max(Math.ceil(FUNDER_FILE_MAX_BYTES / 3) * 4, 'at most 20 MB')
  .regex(BASE64, 'the file as base64')
  .refine((text) => text.length % 4 === 0, 'the file as base64')
  .transform((text) => new Uint8Array(Buffer.from(text, 'base64')))
  .refine((bytes) => bytes.length <= FUNDER_FILE_MAX_BYTES, 'at most 20 MB');

export const assetRunsInput = z.object({
  from: date.optional(),
  to: date.optional(),
  limit: z.number().int().min(1).max(500).default(60),
});

/** A run: by id, or a date's latest attempt; neither: the latest run. */
const whichRun = { runId: runId.optional(), date: date.optional() };

export const assetBreaksInput = z.object({
  ...whichRun,
  funder: funder.optional(),
  check: z.enum(ASSET_RECON_CHECKS).optional(),
  orderNo: z.string().trim().min(1).max(64).optional(),
  cursor: z
    .string()
    .regex(/^arb_\d{1,18}$/, 'a break id such as arb_12')
    .nullish(),
  limit: z.number().int().min(1).max(500).default(100),
});

export const assetFundersInput = z.object(whichRun);

export const assetRunInput = z.object({ date });

export const funderFileUploadInput = z.object({
  funder,
  date,
  /** A layout's name; absent: funder-standard. */
  format: z.string().trim().min(1).max(40).optional(),
  fileName: z.string().trim().min(1).max(200),
  file: base64File,
});

export const funderFilesInput = z.object({
  funder: funder.optional(),
  limit: z.number().int().min(1).max(200).default(50),
});

export const funderComparisonInput = z.object({
  fileId: z.string().regex(/^faf_\d{1,18}$/, 'a funder file id such as faf_12'),
  limit: z.number().int().min(1).max(2000).default(500),
});
