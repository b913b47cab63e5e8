CREATE TABLE "legal_articles" (
	"external_id" text PRIMARY KEY NOT NULL,
	"jurisdiction" text NOT NULL,
	"topic" text NOT NULL,
	"urgent" boolean DEFAULT false NOT NULL,
	"under_revision" boolean DEFAULT false NOT NULL,
	"checked" date NOT NULL,
	"citations" jsonb NOT NULL,
	"where_to_go" text[] DEFAULT '{}' NOT NULL,
	"questions" jsonb NOT NULL,
	"answer" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "legal_articles_jurisdiction_code" CHECK ("legal_articles"."jurisdiction" ~ '^[A-Z]{2}$'),
	CONSTRAINT "legal_articles_topic_known" CHECK ("legal_articles"."topic" in ('contract', 'probation', 'wages', 'minimum_wage', 'overtime', 'working_hours', 'rest_and_leave', 'dismissal', 'notice_and_severance', 'work_injury', 'social_insurance', 'dispatch', 'fixed_term', 'arbitration', 'migrant_workers', 'domestic_workers', 'discrimination', 'maternity', 'safety', 'other'))
);
--> statement-breakpoint
CREATE INDEX "legal_articles_jurisdiction" ON "legal_articles" USING btree ("jurisdiction","topic");