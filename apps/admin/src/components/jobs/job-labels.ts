// A job's title and its counts in the dictionary's words, the engine's names when it has none
// (a job added to the registry shows before its words are written).
import type { MessageKey, Translate } from '@/i18n';

export function jobTitle(t: Translate, job: { name: string; title: string }): string {
  const text = t(job.title as MessageKey);
  return text === job.title ? job.name : text;
}

export function countsText(t: Translate, counts: Record<string, number> | null): string {
  if (!counts) return '—';
  const parts = Object.entries(counts).map(([name, n]) => {
    const key = `jobs.count.${name}` as MessageKey;
    const label = t(key);
    return `${label === key ? name : label} ${n}`;
  });
  return parts.length > 0 ? parts.join(' · ') : '—';
}
