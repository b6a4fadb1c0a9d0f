export type { CreateFunderInput, CreateProductInput } from './reference.schema';
export type { ReferenceRepo } from './reference.types';
export type { ReferenceService } from './reference.service';
