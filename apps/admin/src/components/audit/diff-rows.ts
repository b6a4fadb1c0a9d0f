// An audit row's diff as rows a person reads: each change a field with its value before and
// after, whatever else was recorded a field with its value. The modules write three shapes:
// `{ field: { from, to } }` (nested too), microdiff's `[{ type, path, value, oldValue }]`, and
// plain values (an amount, a reason code).

export interface DiffRow {
  /** The field's path (`status`, `config.limits.single`); empty for the row itself. */
  field: string;
  /** A change has a before and an after; anything else only a value (in `after`). */
  change: boolean;
  /** null: there was none (a field created, or not a change). */
  before: string | null;
  /** null: there is none any more (a field removed). */
  after: string | null;
}

type Plain = Record<string, unknown>;

const isPlain = (v: unknown): v is Plain =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const isChange = (v: unknown): v is Plain & { from: unknown; to: unknown } =>
  isPlain(v) && 'from' in v && 'to' in v;

interface MicrodiffEntry {
  type: 'CREATE' | 'REMOVE' | 'CHANGE';
  path: (string | number)[];
  value?: unknown;
  oldValue?: unknown;
}

const isMicrodiff = (v: unknown): v is MicrodiffEntry[] =>
  Array.isArray(v) &&
  v.length > 0 &&
  v.every(
    (e) =>
      isPlain(e) &&
      (e.type === 'CREATE' || e.type === 'REMOVE' || e.type === 'CHANGE') &&
      Array.isArray(e.path),
  );

/** A value as text: strings as they are, anything structured as compact JSON. */
export function valueText(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

const join = (path: string, key: string | number) => (path ? `${path}.${key}` : String(key));

function walk(value: unknown, path: string, out: DiffRow[]) {
  if (isMicrodiff(value)) {
    for (const e of value)
      out.push({
        field: e.path.reduce<string>(join, path),
        change: true,
        before: e.type === 'CREATE' ? null : valueText(e.oldValue),
        after: e.type === 'REMOVE' ? null : valueText(e.value),
      });
    return;
  }
  if (isChange(value)) {
    out.push({
      field: path,
      change: true,
      before: valueText(value.from),
      after: valueText(value.to),
    });
    for (const [key, rest] of Object.entries(value))
      if (key !== 'from' && key !== 'to') walk(rest, join(path, key), out);
    return;
  }
  if (isPlain(value) && Object.keys(value).length > 0) {
    for (const [key, rest] of Object.entries(value)) walk(rest, join(path, key), out);
    return;
  }
  out.push({ field: path, change: false, before: null, after: valueText(value) });
}

export function diffRows(diff: unknown): DiffRow[] {
  if (diff === null || diff === undefined) return [];
  if (isPlain(diff) && Object.keys(diff).length === 0) return [];
  const out: DiffRow[] = [];
  walk(diff, '', out);
  return out;
}
