// "v2（当前）" / "v1": the label of a plan version wherever one is picked or listed.
import type { Translate } from '@/i18n';

export function planVersionLabel(t: Translate, version: number, current: number): string {
  return version === current
    ? t('planVersions.optionCurrent', { version })
    : t('planVersions.option', { version });
}
