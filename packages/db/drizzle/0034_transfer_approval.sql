ALTER TABLE "asset_transfer_loans" DROP CONSTRAINT "asset_transfer_loans_status_check";--> statement-breakpoint
ALTER TABLE "asset_transfers" DROP CONSTRAINT "asset_transfers_status_check";--> statement-breakpoint
DROP INDEX "asset_transfer_loans_one_scheduled";--> statement-breakpoint
ALTER TABLE "asset_transfers" ADD COLUMN "decided_by" text;--> statement-breakpoint
ALTER TABLE "asset_transfers" ADD COLUMN "decided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "asset_transfers" ADD COLUMN "decision_reason" text;--> statement-breakpoint
CREATE UNIQUE INDEX "asset_transfer_loans_one_open" ON "asset_transfer_loans" USING btree ("loan_id") WHERE "asset_transfer_loans"."status" IN ('pending_approval', 'scheduled');--> statement-breakpoint
ALTER TABLE "asset_transfer_loans" ADD CONSTRAINT "asset_transfer_loans_status_check" CHECK ("asset_transfer_loans"."status" IN ('pending_approval', 'scheduled', 'completed', 'rejected'));--> statement-breakpoint
ALTER TABLE "asset_transfers" ADD CONSTRAINT "asset_transfers_decision_check" CHECK (("asset_transfers"."decided_by" IS NULL) = ("asset_transfers"."decided_at" IS NULL) AND ("asset_transfers"."decided_by" IS NULL) = ("asset_transfers"."decision_reason" IS NULL));--> statement-breakpoint
ALTER TABLE "asset_transfers" ADD CONSTRAINT "asset_transfers_status_check" CHECK ("asset_transfers"."status" IN ('pending_approval', 'scheduled', 'completed', 'rejected'));