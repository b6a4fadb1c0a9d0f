// Display formats: ¥1,234.56 from the engine's yuan strings (no floats), Asia/Shanghai times.
import { formatYuan, yuanToFen } from '@repay/rules';

export function yuan(value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '-';
  return formatYuan(yuanToFen(value));
}

const instantFormat = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false,
});

/** An ISO instant shown in business time, e.g. 2026/03/15 10:00:00. */
export function shanghaiTime(iso: string | null | undefined): string {
  return iso ? instantFormat.format(new Date(iso)) : '-';
}

export function percent(rate: string): string {
  const [whole = '0', fraction = ''] = rate.split('.');
  const digits = (fraction + '00').slice(0, 2);
  const rest = fraction.slice(2).replace(/0+$/, '');
  const int = String(Number(whole) * 100 + Number(digits));
  return `${int}${rest ? `.${rest}` : ''}%`;
}
