'use client';
// The columns a transfer and its loans show wherever they are listed (the transfers list, one
// transfer's loans, a loan's transfers): the transfer's id opens it, funders by name and code,
// the principal moved and its price once done.
import { Button, type TableColumnType } from 'antd';
import { columnKit } from '@/components/kit';
import { useT } from '@/i18n';
import { useFunderLabel } from './use-funder-label';

interface TransferFields {
  transferId: string;
  fromFunderCode: string;
  toFunderCode: string;
  status: string;
  principal: string | null;
  price: string | null;
  completedAt: string | null;
}

export function useTransferColumns<Row extends Partial<TransferFields>>() {
  const t = useT();
  const funder = useFunderLabel();
  const col = columnKit<Row>(t);
  const funderColumn = (
    title: 'transfers.fromFunder' | 'transfers.toFunder',
    dataIndex: 'fromFunderCode' | 'toFunderCode',
  ): TableColumnType<Row> => ({ title: t(title), dataIndex, render: (v: string) => funder(v) });
  return {
    /** The transfer's id, a link that opens it. */
    id: (open: (id: string) => void): TableColumnType<Row> => ({
      title: t('transfers.id'),
      dataIndex: 'transferId',
      render: (v: string) => (
        <Button type="link" size="small" style={{ padding: 0 }} onClick={() => open(v)}>
          {v}
        </Button>
      ),
    }),
    fromFunder: funderColumn('transfers.fromFunder', 'fromFunderCode'),
    toFunder: funderColumn('transfers.toFunder', 'toFunderCode'),
    status: col.status('transfers.status', 'status', 'transferStatus'),
    principal: col.money('transfers.principal', 'principal'),
    price: col.money('transfers.price', 'price'),
    completedAt: col.time('transfers.completedAt', 'completedAt'),
  };
}
