'use client';
// 资产对账: the daily checks of the loans' books against the ledger, per funder, and the funders'
// own files compared with our books.
import { AssetReconPage } from '@/components/recon-assets/asset-recon-page';

export default function ReconAssetsPage() {
  return <AssetReconPage />;
}
