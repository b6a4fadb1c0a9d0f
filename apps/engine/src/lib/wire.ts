// Scalars of REST answers as the OpenAPI document describes them (services build the values;
// nothing parses answers with these).
import { z } from 'zod';

export const yuanView = z
  .string()
  .regex(/^-?\d+\.\d{2}$/)
  .describe('yuan with exactly two decimals, e.g. "5307.27"');
export const dateView = z.string().meta({ format: 'date', description: 'YYYY-MM-DD' });
export const instantView = z.string().meta({ format: 'date-time' });
