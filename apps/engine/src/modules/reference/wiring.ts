export { createReferenceService } from './reference.service';
export { createReferenceRepo } from './reference.repo';
export { referenceRouter } from './reference.router';
