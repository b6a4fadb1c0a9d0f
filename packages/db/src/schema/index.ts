// Every table (one file per domain), their relations and the enumeration constants.
// drizzle-kit reads this file to generate migrations.
export * from './enums';
export * from './reference';
export * from './parties';
export * from './loans';
export * from './ledger';
export * from './events';
export * from './auth';
export * from './debits';
export * from './relations';
export * from './rules';
export * from './channels';
export * from './channel-health';
export * from './accruals';
export * from './lifecycle';
export * from './anomalies';
export * from './recon';
export * from './asset-recon';
export * from './payouts';
export * from './jobs';
export * from './reports';
export * from './finance-reports';
export * from './forecast-reports';
export * from './views';
