ALTER TABLE "debit_orders" DROP CONSTRAINT "debit_orders_status_check";--> statement-breakpoint
ALTER TABLE "recon_cases" DROP CONSTRAINT "recon_cases_pending_action_check";--> statement-breakpoint
ALTER TABLE "debit_orders" ADD CONSTRAINT "debit_orders_status_check" CHECK ("debit_orders"."status" IN ('created', 'submitted', 'pending', 'succeeded', 'failed', 'manual_review', 'reversed'));--> statement-breakpoint
ALTER TABLE "recon_cases" ADD CONSTRAINT "recon_cases_pending_action_check" CHECK ("recon_cases"."pending_action" IN ('complete', 'reverse', 'refund', 'write_off', 'close'));