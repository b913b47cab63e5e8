CREATE TABLE "alerted_jobs" (
	"user_id" bigint NOT NULL,
	"job_id" bigint NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "alerted_jobs_user_id_job_id_pk" PRIMARY KEY("user_id","job_id")
);
--> statement-breakpoint
CREATE TABLE "applications" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"user_id" bigint NOT NULL,
	"job_id" bigint,
	"job_external_id" text NOT NULL,
	"job_title" text NOT NULL,
	"employer" text NOT NULL,
	"channel" text NOT NULL,
	"locale" text NOT NULL,
	"shared" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "applications_channel_known" CHECK ("applications"."channel" in ('web', 'console', 'telegram', 'line', 'whatsapp', 'wechat'))
);
--> statement-breakpoint
CREATE TABLE "saved_searches" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"user_id" bigint NOT NULL,
	"query" jsonb NOT NULL,
	"seen_until" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "search_misses" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"channel" text NOT NULL,
	"locale" text NOT NULL,
	"occupation" text,
	"place_id" text,
	"keywords" text[] DEFAULT '{}' NOT NULL
);
--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "requirements" text;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "benefits" text;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "place_id" text;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "country" text;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "lang" text;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "salary_month_min" double precision;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "salary_month_max" double precision;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "search" "tsvector" DEFAULT ''::tsvector NOT NULL;--> statement-breakpoint
ALTER TABLE "alerted_jobs" ADD CONSTRAINT "alerted_jobs_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerted_jobs" ADD CONSTRAINT "alerted_jobs_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "saved_searches" ADD CONSTRAINT "saved_searches_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "applications_user_job" ON "applications" USING btree ("user_id","job_external_id");--> statement-breakpoint
CREATE INDEX "applications_created" ON "applications" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "saved_searches_due" ON "saved_searches" USING btree ("due_at");--> statement-breakpoint
CREATE INDEX "saved_searches_user" ON "saved_searches" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "search_misses_at" ON "search_misses" USING btree ("at");--> statement-breakpoint
CREATE INDEX "jobs_occupation_posted" ON "jobs" USING btree ("occupation","posted_at" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE INDEX "jobs_occupation_place_posted" ON "jobs" USING btree ("occupation","place_id","posted_at" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE INDEX "jobs_place_posted" ON "jobs" USING btree ("place_id","posted_at" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE INDEX "jobs_search" ON "jobs" USING gin ("search");