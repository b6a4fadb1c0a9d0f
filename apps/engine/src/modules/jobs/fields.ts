// The console's form of a job's parameters comes from the job's zod schema (its JSON Schema):
// each field's kind, whether it is required, bounds, choices and default. A job's parameters
// are flat and simple (a date, a number of days), so this covers them; a schema with anything
// else fails the registry's test rather than showing a form that cannot send it.
import { z } from 'zod';
import type { JobField } from './jobs.types';

interface Property {
  type?: string;
  format?: string;
  description?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  enum?: unknown[];
  default?: unknown;
}

export function fieldsOf(schema: z.ZodType): JobField[] {
  const json = z.toJSONSchema(schema, { io: 'input' }) as {
    type?: string;
    properties?: Record<string, Property>;
    required?: string[];
  };
  if (json.type !== 'object') throw new Error('a job takes its parameters as an object');
  return Object.entries(json.properties ?? {}).map(([name, p]) => {
    const kind: JobField['kind'] | null = p.enum
      ? 'enum'
      : p.type === 'string'
        ? p.format === 'date'
          ? 'date'
          : 'text'
        : p.type === 'integer' || p.type === 'number' || p.type === 'boolean'
          ? p.type
          : null;
    if (!kind)
      throw new Error(`parameter ${name}: a ${p.type ?? 'composite'} cannot be a form field`);
    const dflt = p.default;
    return {
      name,
      kind,
      required: (json.required ?? []).includes(name),
      description: p.description ?? null,
      min: p.minimum ?? p.minLength ?? null,
      max: p.maximum ?? p.maxLength ?? null,
      options: p.enum ? p.enum.map(String) : null,
      default:
        typeof dflt === 'string' || typeof dflt === 'number' || typeof dflt === 'boolean'
          ? dflt
          : null,
    };
  });
}
