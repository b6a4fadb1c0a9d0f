CREATE TABLE "channel_daily_rollups" (
	"business_date" date NOT NULL,
	"channel_code" text NOT NULL,
	"bank_code" text NOT NULL,
	"attempts" integer NOT NULL,
	"successes" integer NOT NULL,
	"borrower_failures" integer NOT NULL,
	"errors" integer NOT NULL,
	"latency_ms_sum" bigint NOT NULL,
	"latency_ms_max" integer NOT NULL,
	CONSTRAINT "channel_daily_rollups_pk" PRIMARY KEY("business_date","channel_code","bank_code")
);
--> statement-breakpoint
CREATE TABLE "debit_daily_failure_codes" (
	"business_date" date NOT NULL,
	"funder_id" bigint NOT NULL,
	"product_id" bigint NOT NULL,
	"business_line" text NOT NULL,
	"channel_code" text NOT NULL,
	"bank_code" text NOT NULL,
	"window" text NOT NULL,
	"retry" boolean NOT NULL,
	"outcome" text NOT NULL,
	"raw_code" text NOT NULL,
	"orders" integer NOT NULL,
	"amount" bigint NOT NULL,
	CONSTRAINT "debit_daily_failure_codes_pk" PRIMARY KEY("business_date","funder_id","product_id","business_line","channel_code","bank_code","window","retry","outcome","raw_code"),
	CONSTRAINT "debit_daily_failure_codes_business_line_check" CHECK ("debit_daily_failure_codes"."business_line" IN ('lease', 'consumer', 'supply_chain')),
	CONSTRAINT "debit_daily_failure_codes_outcome_check" CHECK ("debit_daily_failure_codes"."outcome" IN ('fail_funds', 'fail_card', 'fail_request', 'fail_other'))
);
--> statement-breakpoint
CREATE TABLE "debit_daily_rollups" (
	"business_date" date NOT NULL,
	"funder_id" bigint NOT NULL,
	"product_id" bigint NOT NULL,
	"business_line" text NOT NULL,
	"channel_code" text NOT NULL,
	"bank_code" text NOT NULL,
	"window" text NOT NULL,
	"retry" boolean NOT NULL,
	"success_orders" integer DEFAULT 0 NOT NULL,
	"success_amount" bigint DEFAULT 0 NOT NULL,
	"fail_funds_orders" integer DEFAULT 0 NOT NULL,
	"fail_funds_amount" bigint DEFAULT 0 NOT NULL,
	"fail_card_orders" integer DEFAULT 0 NOT NULL,
	"fail_card_amount" bigint DEFAULT 0 NOT NULL,
	"fail_request_orders" integer DEFAULT 0 NOT NULL,
	"fail_request_amount" bigint DEFAULT 0 NOT NULL,
	"fail_other_orders" integer DEFAULT 0 NOT NULL,
	"fail_other_amount" bigint DEFAULT 0 NOT NULL,
	"in_flight_orders" integer DEFAULT 0 NOT NULL,
	"in_flight_amount" bigint DEFAULT 0 NOT NULL,
	"reversed_orders" integer DEFAULT 0 NOT NULL,
	"reversed_amount" bigint DEFAULT 0 NOT NULL,
	"fee" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "debit_daily_rollups_pk" PRIMARY KEY("business_date","funder_id","product_id","business_line","channel_code","bank_code","window","retry"),
	CONSTRAINT "debit_daily_rollups_business_line_check" CHECK ("debit_daily_rollups"."business_line" IN ('lease', 'consumer', 'supply_chain'))
);
--> statement-breakpoint
CREATE TABLE "debit_rollup_days" (
	"business_date" date PRIMARY KEY NOT NULL,
	"built_at" timestamp with time zone NOT NULL,
	"orders" integer NOT NULL,
	"orders_changed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "debit_daily_failure_codes" ADD CONSTRAINT "debit_daily_failure_codes_funder_id_funders_id_fk" FOREIGN KEY ("funder_id") REFERENCES "public"."funders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "debit_daily_failure_codes" ADD CONSTRAINT "debit_daily_failure_codes_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "debit_daily_rollups" ADD CONSTRAINT "debit_daily_rollups_funder_id_funders_id_fk" FOREIGN KEY ("funder_id") REFERENCES "public"."funders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "debit_daily_rollups" ADD CONSTRAINT "debit_daily_rollups_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;