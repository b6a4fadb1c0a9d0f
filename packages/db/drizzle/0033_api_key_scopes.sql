-- Keys made before scopes existed could do everything: they keep every scope and every funder.
ALTER TABLE "api_keys" ADD COLUMN "scopes" text[] DEFAULT ARRAY['loans:write', 'loans:read', 'collections:write', 'cards:write', 'transfers:write', 'payouts:write']::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "api_keys" ALTER COLUMN "scopes" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "funder_codes" text[];--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "previous_secret_enc" text;--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "previous_secret_expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "rotated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "revoked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_scopes_check" CHECK ("api_keys"."scopes" <@ ARRAY['loans:write', 'loans:read', 'collections:write', 'cards:write', 'transfers:write', 'payouts:write']::text[]);--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_scopes_not_empty" CHECK (cardinality("api_keys"."scopes") > 0);--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_funder_codes_not_empty" CHECK ("api_keys"."funder_codes" IS NULL OR cardinality("api_keys"."funder_codes") > 0);--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_previous_secret_check" CHECK (("api_keys"."previous_secret_enc" IS NULL) = ("api_keys"."previous_secret_expires_at" IS NULL));--> statement-breakpoint
-- A key revoked before revoked_at existed: revoked by now, as far as anyone knows.
UPDATE "api_keys" SET "revoked_at" = now() WHERE "status" = 'revoked';--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_revoked_check" CHECK (("api_keys"."status" = 'revoked') = ("api_keys"."revoked_at" IS NOT NULL));