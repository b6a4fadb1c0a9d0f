CREATE UNIQUE INDEX "debit_orders_one_settlement_in_flight" ON "debit_orders" USING btree ("loan_id") WHERE "debit_orders"."source" = 'settlement' AND "debit_orders"."status" IN ('created', 'submitted', 'pending', 'manual_review');--> statement-breakpoint
-- The debit guard. Every path that creates a debit order (window shards, settlement debits,
-- retries, and any path added later) inserts into debit_orders, so the rule lives here, not in
-- each path. The loan's row is the lock: an installment debit takes it FOR KEY SHARE (what the
-- foreign key takes anyway; inserts never wait for each other, nor for collections updating
-- the loan), a settlement debit FOR UPDATE, as do settle and reschedule before anything else,
-- so each of those and the inserts wait for one another. With the installment locked FOR SHARE
-- against a payment or a reschedule committing meanwhile, the order exists only if
--   * the loan is active and the installment is its current, open installment;
--   * a settlement debit (whole loan): nothing else of the loan is in flight, and it takes no
--     more than an open quote of this loan that its key names;
--   * any other debit: the installment is due by the order's date, the order takes no more
--     than the installment owes now, and no settlement debit of the loan is in flight.
-- A refused row is skipped (like ON CONFLICT DO NOTHING): a batch insert goes on with the
-- rest, and a caller that must know reads what the insert returned.
CREATE FUNCTION debit_orders_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  loan_status text;
  inst record;
  quote record;
BEGIN
  IF NEW.source = 'settlement' THEN
    SELECT status INTO loan_status FROM loans WHERE id = NEW.loan_id FOR UPDATE;
  ELSE
    SELECT status INTO loan_status FROM loans WHERE id = NEW.loan_id FOR KEY SHARE;
  END IF;
  IF loan_status IS DISTINCT FROM 'active' THEN RETURN NULL; END IF;
  SELECT i.loan_id, i.is_current, i.status, i.due_date,
         i.principal_due - i.principal_paid + i.interest_due - i.interest_paid
           + i.fee_due - i.fee_paid + i.penalty_due - i.penalty_paid AS owed
    INTO inst FROM installments i WHERE i.id = NEW.installment_id FOR SHARE;
  IF NOT FOUND OR inst.loan_id <> NEW.loan_id OR NOT inst.is_current
     OR inst.status NOT IN ('pending', 'partially_paid', 'overdue') THEN
    RETURN NULL;
  END IF;
  IF NEW.source = 'settlement' THEN
    IF EXISTS (SELECT 1 FROM debit_orders d WHERE d.loan_id = NEW.loan_id
                  AND d.status IN ('created', 'submitted', 'pending', 'manual_review')) THEN
      RETURN NULL;
    END IF;
    SELECT q.loan_id, q.amount, q.status INTO quote FROM settlement_quotes q
     WHERE q.quote_id = split_part(NEW.idempotency_key, ':', 2);
    IF NOT FOUND OR quote.loan_id <> NEW.loan_id OR quote.status <> 'open'
       OR NEW.amount > quote.amount THEN
      RETURN NULL;
    END IF;
  ELSE
    IF inst.due_date > NEW.business_date OR NEW.amount > inst.owed THEN RETURN NULL; END IF;
    IF EXISTS (SELECT 1 FROM debit_orders d WHERE d.loan_id = NEW.loan_id AND d.source = 'settlement'
                  AND d.status IN ('created', 'submitted', 'pending', 'manual_review')) THEN
      RETURN NULL;
    END IF;
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER debit_orders_guard BEFORE INSERT ON debit_orders
  FOR EACH ROW EXECUTE FUNCTION debit_orders_guard();
