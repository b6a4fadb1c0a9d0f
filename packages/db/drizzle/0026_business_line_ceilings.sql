CREATE TABLE "business_lines" (
	"code" text PRIMARY KEY NOT NULL,
	"all_in_annual_ceiling" numeric(7, 6) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "business_lines_code_check" CHECK ("business_lines"."code" IN ('lease', 'consumer', 'supply_chain')),
	CONSTRAINT "business_lines_ceiling_check" CHECK ("business_lines"."all_in_annual_ceiling" > 0 AND "business_lines"."all_in_annual_ceiling" <= 1)
);
--> statement-breakpoint
-- Hand-written: every business line has a ceiling from the start (36 %, the usual all-in red
-- line for consumer credit); lower it per line in the console.
INSERT INTO "business_lines" ("code", "all_in_annual_ceiling") VALUES ('consumer', 0.36), ('lease', 0.36), ('supply_chain', 0.36);
