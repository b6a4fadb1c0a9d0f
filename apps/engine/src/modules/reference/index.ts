export type { CreateFunderInput, CreateProductInput } from './reference.schema';
export { findFunder, findProduct, listBusinessLines } from './reference.api';
export type { ReferenceService } from './reference.service';
