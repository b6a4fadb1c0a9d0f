ALTER TABLE "recon_cases" ADD COLUMN "pending_action" text;--> statement-breakpoint
ALTER TABLE "recon_cases" ADD COLUMN "pending_note" text;--> statement-breakpoint
ALTER TABLE "recon_cases" ADD COLUMN "proposed_by" text;--> statement-breakpoint
ALTER TABLE "recon_cases" ADD COLUMN "proposed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "recon_cases" ADD CONSTRAINT "recon_cases_pending_check" CHECK (("recon_cases"."pending_action" IS NULL) = ("recon_cases"."proposed_by" IS NULL)
        AND ("recon_cases"."pending_action" IS NULL OR "recon_cases"."status" <> 'resolved'));