ALTER TABLE "installments" ADD COLUMN "accrual_state" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "installments" ADD COLUMN "accrued_through" date;--> statement-breakpoint
-- Backfill: each charge's latest accrual row, and the last completed run for overdue rows.
UPDATE "installments" i SET "accrual_state" = s.state
  FROM (SELECT installment_id, jsonb_object_agg(charge_id, jsonb_build_object(
                 'day', overdue_days, 'total', total::text, 'exact', exact_total::text)) AS state
          FROM (SELECT DISTINCT ON (installment_id, charge_id) installment_id, charge_id, overdue_days, total, exact_total
                  FROM "fee_accruals" ORDER BY installment_id, charge_id, business_date DESC, revision DESC, id DESC) latest
         GROUP BY installment_id) s
 WHERE i.id = s.installment_id;--> statement-breakpoint
UPDATE "installments" SET "accrued_through" = (SELECT max(business_date) FROM "accrual_runs" WHERE status = 'completed')
 WHERE status = 'overdue';
