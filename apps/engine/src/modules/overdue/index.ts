export { createOverdueRepo, type OverdueRepo, BUCKET_SQL } from './overdue.repo';
export { createOverdueAccrual, type OverdueAccrual } from './accrual.service';
