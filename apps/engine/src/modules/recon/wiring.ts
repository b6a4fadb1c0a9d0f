export { createReconRepo } from './recon.repo';
export { createStatementFormats } from './statement-formats.service';
export { createStatementImports } from './statement-import.service';
export { createReconRuns } from './recon-run.service';
