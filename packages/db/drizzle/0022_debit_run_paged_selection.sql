-- A run's selection goes page by page (installment id order), each page committed with its
-- shards and the cursor, so shards run while later pages are selected and a selection cut
-- short (the worker died) resumes from the cursor instead of leaving a run without shards.
ALTER TABLE "debit_runs" ADD COLUMN "selection_cursor" bigint;--> statement-breakpoint
ALTER TABLE "debit_runs" ADD COLUMN "selected_at" timestamp with time zone;--> statement-breakpoint
-- Runs made before this were selected whole at their start; a running run without shards is
-- one whose worker died before its selection was saved: it selects again, from the start.
UPDATE "debit_runs" SET "selected_at" = "started_at" WHERE "shards_total" > 0 OR "status" <> 'running';
