export type { StatementFormats, ResolvedFormat } from './statement-formats.service';
export type { StatementImports, ImportAnswer, ImportInput } from './statement-import.service';
export type { ReconRuns } from './recon-run.service';
export type { ReconDaily, ChannelDay } from './recon-daily.service';
export type { ReconCases } from './recon-cases.service';
export type { ReconConsole } from './recon-console.service';
export type { ReconCounts, StatementChannels } from './recon.types';
export type { AssetRecon } from './assets.service';
export type { FunderAssetFiles } from './asset-files.service';
