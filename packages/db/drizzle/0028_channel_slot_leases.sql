CREATE TABLE "channel_slot_leases" (
	"channel_code" text NOT NULL,
	"holder" text NOT NULL,
	"slots" integer NOT NULL,
	"wants" integer NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "channel_slot_leases_channel_holder_unique" UNIQUE("channel_code","holder"),
	CONSTRAINT "channel_slot_leases_slots_check" CHECK ("channel_slot_leases"."slots" >= 0 AND "channel_slot_leases"."wants" >= 0)
);
--> statement-breakpoint
ALTER TABLE "channel_slot_leases" ADD CONSTRAINT "channel_slot_leases_channel_code_channels_code_fk" FOREIGN KEY ("channel_code") REFERENCES "public"."channels"("code") ON DELETE no action ON UPDATE no action;