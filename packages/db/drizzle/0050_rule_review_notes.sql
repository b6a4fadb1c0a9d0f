ALTER TABLE "rule_publications" ADD COLUMN "ended_by_id" bigint;--> statement-breakpoint
ALTER TABLE "rule_versions" ADD COLUMN "submit_note" text;--> statement-breakpoint
ALTER TABLE "rule_publications" ADD CONSTRAINT "rule_publications_ended_by_id_users_id_fk" FOREIGN KEY ("ended_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "rule_versions_submitted_idx" ON "rule_versions" USING btree ("submitted_at") WHERE "rule_versions"."status" = 'submitted';