ALTER TABLE "channel_limits" ADD CONSTRAINT "channel_limits_channel_known" CHECK ("channel_limits"."channel" in ('web', 'console', 'telegram', 'line', 'whatsapp', 'wechat'));--> statement-breakpoint
ALTER TABLE "fairs" ADD CONSTRAINT "fairs_kind_known" CHECK ("fairs"."kind" in ('offline', 'online', 'livestream', 'roving'));--> statement-breakpoint
ALTER TABLE "fairs" ADD CONSTRAINT "fairs_ends_after_start" CHECK ("fairs"."ends_at" >= "fairs"."starts_at");--> statement-breakpoint
ALTER TABLE "fairs" ADD CONSTRAINT "fairs_lat_range" CHECK ("fairs"."lat" between -90 and 90);--> statement-breakpoint
ALTER TABLE "fairs" ADD CONSTRAINT "fairs_lon_range" CHECK ("fairs"."lon" between -180 and 180);--> statement-breakpoint
ALTER TABLE "fairs" ADD CONSTRAINT "fairs_employers_count_not_negative" CHECK ("fairs"."employers_count" >= 0);--> statement-breakpoint
ALTER TABLE "fairs" ADD CONSTRAINT "fairs_jobs_count_not_negative" CHECK ("fairs"."jobs_count" >= 0);--> statement-breakpoint
ALTER TABLE "inbound_events" ADD CONSTRAINT "inbound_events_channel_known" CHECK ("inbound_events"."channel" in ('web', 'console', 'telegram', 'line', 'whatsapp', 'wechat'));--> statement-breakpoint
ALTER TABLE "inbound_events" ADD CONSTRAINT "inbound_events_status_known" CHECK ("inbound_events"."status" in ('pending', 'done', 'failed'));--> statement-breakpoint
ALTER TABLE "inbound_events" ADD CONSTRAINT "inbound_events_attempts_not_negative" CHECK ("inbound_events"."attempts" >= 0);--> statement-breakpoint
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_salary_period_known" CHECK ("jobs"."salary_period" in ('hour', 'day', 'month', 'year'));--> statement-breakpoint
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_employment_type_known" CHECK ("jobs"."employment_type" in ('full_time', 'part_time', 'temporary', 'internship'));--> statement-breakpoint
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_suitable_for_known" CHECK ("jobs"."suitable_for" <@ array['disability', 'older_workers', 'no_experience', 'migrant_workers', 'graduates']::text[]);--> statement-breakpoint
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_lat_range" CHECK ("jobs"."lat" between -90 and 90);--> statement-breakpoint
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_lon_range" CHECK ("jobs"."lon" between -180 and 180);--> statement-breakpoint
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_salary_min_not_negative" CHECK ("jobs"."salary_min" >= 0);--> statement-breakpoint
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_salary_range_ordered" CHECK ("jobs"."salary_min" <= "jobs"."salary_max");--> statement-breakpoint
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_headcount_not_negative" CHECK ("jobs"."headcount" >= 0);--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_channel_known" CHECK ("outbox"."channel" in ('web', 'console', 'telegram', 'line', 'whatsapp', 'wechat'));--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_status_known" CHECK ("outbox"."status" in ('pending', 'sent', 'failed'));--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_attempts_not_negative" CHECK ("outbox"."attempts" >= 0);--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_parts_sent_not_negative" CHECK ("outbox"."parts_sent" >= 0);--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_channel_known" CHECK ("users"."channel" in ('web', 'console', 'telegram', 'line', 'whatsapp', 'wechat'));--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_consent_known" CHECK ("users"."consent" in ('pending', 'given', 'declined'));--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_lat_range" CHECK ("users"."lat" between -90 and 90);--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_lon_range" CHECK ("users"."lon" between -180 and 180);