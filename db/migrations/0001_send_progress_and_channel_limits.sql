CREATE TABLE "channel_limits" (
	"channel" text PRIMARY KEY NOT NULL,
	"paused_until" timestamp with time zone,
	"next_slot_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "parts_sent" integer DEFAULT 0 NOT NULL;