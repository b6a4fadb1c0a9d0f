export { createReconRepo } from './recon.repo';
export { createStatementFormats } from './statement-formats.service';
export { createStatementImports } from './statement-import.service';
export { createReconRuns } from './recon-run.service';
export { createReconCasesRepo } from './recon-cases.repo';
export { createReconCases } from './recon-cases.service';
export { createReconConsole } from './recon-console.service';
export { reconFileProcedures, reconRouter } from './recon.router';
