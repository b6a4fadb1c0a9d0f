CREATE TABLE "money_daily_rollups" (
	"business_date" date NOT NULL,
	"funder_code" text NOT NULL,
	"measure" text NOT NULL,
	"amount" bigint NOT NULL,
	"items" integer NOT NULL,
	CONSTRAINT "money_daily_rollups_pk" PRIMARY KEY("business_date","funder_code","measure"),
	CONSTRAINT "money_daily_rollups_measure_check" CHECK ("money_daily_rollups"."measure" ~ '^[a-z][a-z_]*$')
);
--> statement-breakpoint
CREATE TABLE "money_rollup_days" (
	"business_date" date PRIMARY KEY NOT NULL,
	"built_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "risk_daily_rollups" (
	"business_date" date NOT NULL,
	"funder_id" bigint NOT NULL,
	"product_id" bigint NOT NULL,
	"business_line" text NOT NULL,
	"start_month" date NOT NULL,
	"bucket" text NOT NULL,
	"loans" integer NOT NULL,
	"outstanding_principal" bigint DEFAULT 0 NOT NULL,
	"overdue_principal" bigint DEFAULT 0 NOT NULL,
	"overdue_amount" bigint DEFAULT 0 NOT NULL,
	"booked_loans" integer NOT NULL,
	"booked_principal" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "risk_daily_rollups_pk" PRIMARY KEY("business_date","funder_id","product_id","business_line","start_month","bucket"),
	CONSTRAINT "risk_daily_rollups_business_line_check" CHECK ("risk_daily_rollups"."business_line" IN ('lease', 'consumer', 'supply_chain')),
	CONSTRAINT "risk_daily_rollups_bucket_check" CHECK ("risk_daily_rollups"."bucket" IN ('M0', 'M1', 'M2', 'M3', 'M3+'))
);
--> statement-breakpoint
CREATE TABLE "risk_roll_rollups" (
	"month_end" date NOT NULL,
	"funder_id" bigint NOT NULL,
	"product_id" bigint NOT NULL,
	"business_line" text NOT NULL,
	"from_bucket" text NOT NULL,
	"to_bucket" text NOT NULL,
	"loans" integer NOT NULL,
	CONSTRAINT "risk_roll_rollups_pk" PRIMARY KEY("month_end","funder_id","product_id","business_line","from_bucket","to_bucket"),
	CONSTRAINT "risk_roll_rollups_business_line_check" CHECK ("risk_roll_rollups"."business_line" IN ('lease', 'consumer', 'supply_chain')),
	CONSTRAINT "risk_roll_rollups_from_check" CHECK ("risk_roll_rollups"."from_bucket" IN ('M0', 'M1', 'M2', 'M3', 'M3+')),
	CONSTRAINT "risk_roll_rollups_to_check" CHECK ("risk_roll_rollups"."to_bucket" IN ('M0', 'M1', 'M2', 'M3', 'M3+'))
);
--> statement-breakpoint
CREATE TABLE "risk_rollup_days" (
	"business_date" date PRIMARY KEY NOT NULL,
	"built_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "risk_daily_rollups" ADD CONSTRAINT "risk_daily_rollups_funder_id_funders_id_fk" FOREIGN KEY ("funder_id") REFERENCES "public"."funders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_daily_rollups" ADD CONSTRAINT "risk_daily_rollups_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_roll_rollups" ADD CONSTRAINT "risk_roll_rollups_funder_id_funders_id_fk" FOREIGN KEY ("funder_id") REFERENCES "public"."funders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_roll_rollups" ADD CONSTRAINT "risk_roll_rollups_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;