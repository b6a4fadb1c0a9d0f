ALTER TABLE "debit_orders" ADD COLUMN "product_id" bigint;--> statement-breakpoint
ALTER TABLE "debit_orders" ADD COLUMN "business_line" text;--> statement-breakpoint
ALTER TABLE "debit_orders" ADD COLUMN "bank_code" text;--> statement-breakpoint
ALTER TABLE "debit_orders" ADD CONSTRAINT "debit_orders_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "debit_orders" ADD CONSTRAINT "debit_orders_business_line_check" CHECK ("debit_orders"."business_line" IS NULL OR "debit_orders"."business_line" IN ('lease', 'consumer', 'supply_chain'));--> statement-breakpoint
-- What the reports count an order by, on the order itself: its loan's product and business
-- line, its card's bank, and its number among its installment's orders (attempt; 1 is the
-- first, more is a retry). Set here, so that every path that inserts an order records them (as
-- the debit guard checks every one), and today's dashboard reads the day's orders without a
-- join to loans and cards. A product, a line and a card's bank do not change; orders are never
-- deleted, so a number once given stays right. Named to fire before debit_orders_guard (BEFORE
-- triggers fire in name order): a row the guard refuses is not inserted anyway.
CREATE FUNCTION debit_orders_dimensions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT l.product_id, l.business_line INTO NEW.product_id, NEW.business_line
    FROM loans l WHERE l.id = NEW.loan_id;
  NEW.bank_code := (SELECT c.bank_code FROM cards c WHERE c.id = NEW.card_id);
  NEW.attempt := 1 + (SELECT count(*) FROM debit_orders d WHERE d.installment_id = NEW.installment_id);
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER debit_orders_dimensions BEFORE INSERT ON debit_orders
  FOR EACH ROW EXECUTE FUNCTION debit_orders_dimensions();--> statement-breakpoint
-- The orders made before: the same, the attempts numbered in the order they were made.
UPDATE debit_orders d SET product_id = l.product_id, business_line = l.business_line
  FROM loans l WHERE l.id = d.loan_id;--> statement-breakpoint
UPDATE debit_orders d SET bank_code = c.bank_code FROM cards c WHERE c.id = d.card_id;--> statement-breakpoint
UPDATE debit_orders d SET attempt = x.n
  FROM (SELECT id, row_number() OVER (PARTITION BY installment_id ORDER BY business_date, id)::int AS n
          FROM debit_orders) x
 WHERE x.id = d.id AND d.attempt <> x.n;
