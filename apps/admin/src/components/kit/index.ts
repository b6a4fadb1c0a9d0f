// The console kit: the building blocks every page is made of (see each file).
export { useAddressFilters, type FilterSpec, type FilterValues } from './address-filters';
export { cardText, columnKit, LoanLink, Money, useColumns } from './columns';
export { DecisionLinks } from './decision-links';
export { EditDrawer } from './edit-drawer';
export { ExportButton } from './export-button';
export type { ExportFilters } from './export-file';
export { NoteField, ReasonField, yuanRule } from './fields';
export { useFormSubmit, type Notice } from './form-submit';
export { AddButton, RemovableCard, RemovableRow, RemoveButton } from './form-list';
export {
  DataTable,
  KeysetTable,
  nextCursorPaging,
  PageNav,
  Stack,
  TitledCard,
  useCursorPages,
} from './list-page';
export { LoadMore } from './load-more';
export { MutationForm } from './mutation-form';
export { MutationModal, MutationModalButton } from './mutation-modal';
export { SavedViews } from './saved-views';
export { SearchForm } from './search-form';
