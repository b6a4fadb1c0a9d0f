-- The debit guard's rule as one function, for the two moments a debit may take money: its
-- order's insert (the trigger) and a re-send of an order the channel never received (a new
-- debit at the channel, though no row is inserted), and before a `created` order is first sent.
-- It takes the same locks as the guard (the loan FOR KEY SHARE, or FOR UPDATE for a settlement
-- debit; the installment FOR SHARE), so it is called before any other lock of the loan's rows.
-- The order itself (`order_key`) is left out of "what else is in flight". Besides the guard's
-- conditions, a window debit is refused while the loan is paused on its date, and a settlement
-- debit once its quote has expired at `at` (the business clock's now; the insert passes null:
-- the settlement checks its quote's expiry itself, and the database knows no business clock).
CREATE FUNCTION debit_order_allowed(loan bigint, installment bigint, src text, amount bigint,
                                    business_date date, order_key text, at timestamptz)
  RETURNS boolean
  LANGUAGE plpgsql AS $$
DECLARE
  inst record;
  quote record;
BEGIN
  -- One statement locks both rows, the loan first (FOR KEY SHARE, FOR UPDATE for a settlement
  -- debit: the lock order of every money path), then the installment FOR SHARE.
  IF src = 'settlement' THEN
    SELECT l.status AS loan_status, l.paused_reason, l.paused_until, i.is_current, i.status,
           i.due_date, i.principal_due - i.principal_paid + i.interest_due - i.interest_paid
             + i.fee_due - i.fee_paid + i.penalty_due - i.penalty_paid AS owed
      INTO inst FROM loans l JOIN installments i ON i.loan_id = l.id
     WHERE l.id = loan AND i.id = installment FOR UPDATE OF l FOR SHARE OF i;
  ELSE
    SELECT l.status AS loan_status, l.paused_reason, l.paused_until, i.is_current, i.status,
           i.due_date, i.principal_due - i.principal_paid + i.interest_due - i.interest_paid
             + i.fee_due - i.fee_paid + i.penalty_due - i.penalty_paid AS owed
      INTO inst FROM loans l JOIN installments i ON i.loan_id = l.id
     WHERE l.id = loan AND i.id = installment FOR KEY SHARE OF l FOR SHARE OF i;
  END IF;
  IF NOT FOUND OR inst.loan_status <> 'active' OR NOT inst.is_current
     OR inst.status NOT IN ('pending', 'partially_paid', 'overdue') THEN
    RETURN false;
  END IF;
  IF src = 'window' AND inst.paused_reason IS NOT NULL
     AND (inst.paused_until IS NULL OR inst.paused_until >= business_date) THEN
    RETURN false;
  END IF;
  IF src = 'settlement' THEN
    IF EXISTS (SELECT 1 FROM debit_orders d WHERE d.loan_id = loan AND d.idempotency_key <> order_key
                  AND d.status IN ('created', 'submitted', 'pending', 'manual_review')) THEN
      RETURN false;
    END IF;
    -- Open when the order is made; `debiting` (waiting for this order) when it is sent.
    SELECT q.loan_id, q.amount, q.status, q.expires_at INTO quote FROM settlement_quotes q
     WHERE q.quote_id = split_part(order_key, ':', 2);
    IF NOT FOUND OR quote.loan_id <> loan OR quote.status NOT IN ('open', 'debiting')
       OR amount > quote.amount OR (at IS NOT NULL AND at > quote.expires_at) THEN
      RETURN false;
    END IF;
    RETURN true;
  END IF;
  IF inst.due_date > business_date OR amount > inst.owed THEN RETURN false; END IF;
  RETURN NOT EXISTS (SELECT 1 FROM debit_orders d WHERE d.loan_id = loan AND d.source = 'settlement'
                        AND d.idempotency_key <> order_key
                        AND d.status IN ('created', 'submitted', 'pending', 'manual_review'));
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION debit_orders_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF debit_order_allowed(NEW.loan_id, NEW.installment_id, NEW.source, NEW.amount,
                         NEW.business_date, NEW.idempotency_key, NULL) THEN
    RETURN NEW;
  END IF;
  RETURN NULL;
END
$$;
