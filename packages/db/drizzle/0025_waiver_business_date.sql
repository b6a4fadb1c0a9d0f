-- Hand-edited: existing waivers get the Asia/Shanghai date they were asked on, then the column
-- becomes required (the generated single NOT NULL column cannot be added to a filled table).
ALTER TABLE "waivers" ADD COLUMN "business_date" date;--> statement-breakpoint
UPDATE "waivers" SET "business_date" = ("created_at" AT TIME ZONE 'Asia/Shanghai')::date;--> statement-breakpoint
ALTER TABLE "waivers" ALTER COLUMN "business_date" SET NOT NULL;
