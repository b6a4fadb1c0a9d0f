-- The index on debit_orders.status alone goes. Every order got an entry at its insert and
-- another at each change of status (a status change is never a HOT update), always on one
-- of a handful of keys. Nothing reads through it: an in-flight status (created, submitted,
-- pending, manual_review: the review queue, the orders to query) is found through the
-- partial indexes on in-flight orders (debit_orders_one_in_flight, debit_orders_next_query),
-- whose predicates imply it; a final status is always asked with a date, a run or a loan.
DROP INDEX IF EXISTS "debit_orders_status_idx";
