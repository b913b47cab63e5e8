CREATE TABLE "fair_notices" (
	"user_id" bigint NOT NULL,
	"fair_id" bigint NOT NULL,
	"stop" integer NOT NULL,
	"kind" text NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fair_notices_user_id_fair_id_stop_kind_pk" PRIMARY KEY("user_id","fair_id","stop","kind")
);
--> statement-breakpoint
CREATE TABLE "fair_registrations" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"user_id" bigint NOT NULL,
	"fair_id" bigint NOT NULL,
	"code" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"checked_in_at" timestamp with time zone,
	CONSTRAINT "fair_registrations_code_unique" UNIQUE("code")
);
--> statement-breakpoint
ALTER TABLE "fairs" ADD COLUMN "status" text DEFAULT 'scheduled' NOT NULL;--> statement-breakpoint
ALTER TABLE "fairs" ADD COLUMN "schedule" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "fairs" ADD COLUMN "revision" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "fairs" ADD COLUMN "changed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "fair_notices" ADD CONSTRAINT "fair_notices_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fair_notices" ADD CONSTRAINT "fair_notices_fair_id_fairs_id_fk" FOREIGN KEY ("fair_id") REFERENCES "public"."fairs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fair_registrations" ADD CONSTRAINT "fair_registrations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fair_registrations" ADD CONSTRAINT "fair_registrations_fair_id_fairs_id_fk" FOREIGN KEY ("fair_id") REFERENCES "public"."fairs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "fair_notices_fair" ON "fair_notices" USING btree ("fair_id");--> statement-breakpoint
CREATE UNIQUE INDEX "fair_registrations_user_fair" ON "fair_registrations" USING btree ("user_id","fair_id");--> statement-breakpoint
CREATE INDEX "fair_registrations_fair" ON "fair_registrations" USING btree ("fair_id");--> statement-breakpoint
CREATE INDEX "fairs_created" ON "fairs" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "outbox_pending_order" ON "outbox" USING btree ("id") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "subscriptions_target" ON "subscriptions" USING btree ("kind","target");--> statement-breakpoint
ALTER TABLE "fairs" ADD CONSTRAINT "fairs_status_known" CHECK ("fairs"."status" in ('scheduled', 'cancelled'));