CREATE TABLE "fair_stops" (
	"fair_id" bigint NOT NULL,
	"seq" integer NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"city" text,
	"venue" text,
	"address" text,
	"lat" double precision,
	"lon" double precision,
	"place_id" text,
	"timezone" text,
	CONSTRAINT "fair_stops_fair_id_seq_pk" PRIMARY KEY("fair_id","seq"),
	CONSTRAINT "fair_stops_ends_after_start" CHECK ("fair_stops"."ends_at" >= "fair_stops"."starts_at"),
	CONSTRAINT "fair_stops_seq_positive" CHECK ("fair_stops"."seq" >= 1),
	CONSTRAINT "fair_stops_lat_range" CHECK ("fair_stops"."lat" between -90 and 90),
	CONSTRAINT "fair_stops_lon_range" CHECK ("fair_stops"."lon" between -180 and 180)
);
--> statement-breakpoint
ALTER TABLE "fairs" ADD COLUMN "place_id" text;--> statement-breakpoint
ALTER TABLE "fairs" ADD COLUMN "country" text;--> statement-breakpoint
ALTER TABLE "fairs" ADD COLUMN "lang" text;--> statement-breakpoint
ALTER TABLE "fairs" ADD COLUMN "employers" text[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "fair_stops" ADD CONSTRAINT "fair_stops_fair_id_fairs_id_fk" FOREIGN KEY ("fair_id") REFERENCES "public"."fairs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "fair_stops_starts" ON "fair_stops" USING btree ("starts_at");