export * from './reference.schema';
export type {
  BusinessLineRecord,
  FunderRecord,
  ProductRecord,
  ReferenceRepo,
} from './reference.types';
export { createReferenceService, type ReferenceService } from './reference.service';
export { createReferenceRepo } from './reference.repo';
export { referenceRouter } from './reference.router';
