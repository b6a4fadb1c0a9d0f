CREATE TABLE "report_forecast_rows" (
	"computed_for" date NOT NULL,
	"forecast_date" date NOT NULL,
	"kind" text NOT NULL,
	"slot_start" text NOT NULL,
	"slot_end" text NOT NULL,
	"funder_id" bigint NOT NULL,
	"product_id" bigint NOT NULL,
	"business_line" text NOT NULL,
	"published_installments" integer DEFAULT 0 NOT NULL,
	"published_amount" bigint DEFAULT 0 NOT NULL,
	"published_penalty" bigint DEFAULT 0 NOT NULL,
	"published_fee" bigint DEFAULT 0 NOT NULL,
	"gray_installments" integer DEFAULT 0 NOT NULL,
	"gray_amount" bigint DEFAULT 0 NOT NULL,
	"gray_penalty" bigint DEFAULT 0 NOT NULL,
	"gray_fee" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "report_forecast_rows_pk" PRIMARY KEY("computed_for","forecast_date","kind","slot_start","funder_id","product_id","business_line"),
	CONSTRAINT "report_forecast_rows_business_line_check" CHECK ("report_forecast_rows"."business_line" IN ('lease', 'consumer', 'supply_chain')),
	CONSTRAINT "report_forecast_rows_kind_check" CHECK ("report_forecast_rows"."kind" IN ('slot', 'accrual'))
);
--> statement-breakpoint
CREATE TABLE "report_forecast_runs" (
	"computed_for" date PRIMARY KEY NOT NULL,
	"computed_at" timestamp with time zone NOT NULL,
	"days" integer NOT NULL,
	"layout" jsonb NOT NULL,
	"rules_key" text NOT NULL,
	"gray" jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "report_forecast_rows" ADD CONSTRAINT "report_forecast_rows_computed_for_report_forecast_runs_computed_for_fk" FOREIGN KEY ("computed_for") REFERENCES "public"."report_forecast_runs"("computed_for") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_forecast_rows" ADD CONSTRAINT "report_forecast_rows_funder_id_funders_id_fk" FOREIGN KEY ("funder_id") REFERENCES "public"."funders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_forecast_rows" ADD CONSTRAINT "report_forecast_rows_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;