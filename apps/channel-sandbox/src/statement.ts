// The T+1 statement file: what the channel actually did on a business date, as CSV with a
// header line and a summary line. It is the truth reconciliation checks us against.
import { businessDate } from './channel';
import type { Order } from './state';

export function statementCsv(channel: string, date: string, orders: Iterable<Order>): string {
  const rows = [...orders]
    .filter((o) => o.finishedAt !== null && businessDate(o.finishedAt) === date)
    .sort(
      (a, b) => a.finishedAt! - b.finishedAt! || a.channelSerial.localeCompare(b.channelSerial),
    );
  const success = rows.filter((o) => o.status === 'success');
  const sum = (list: Order[], pick: (o: Order) => number) => list.reduce((s, o) => s + pick(o), 0);
  return [
    `# channel=${channel},date=${date},rows=${rows.length}`,
    'merchant_order_id,channel_serial,type,amount_fen,fee_fen,status,finished_at',
    ...rows.map((o) =>
      [
        o.orderId,
        o.channelSerial,
        o.type,
        o.amountFen,
        o.feeFen,
        o.status,
        new Date(o.finishedAt!).toISOString(),
      ].join(','),
    ),
    `# summary,count=${rows.length},success_count=${success.length},success_amount_fen=${sum(success, (o) => o.amountFen)},fee_fen=${sum(success, (o) => o.feeFen)}`,
    '',
  ].join('\n');
}
