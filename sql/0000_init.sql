CREATE TABLE "organization" (
	"id" serial PRIMARY KEY NOT NULL,
	"uuid" uuid DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"phone" text DEFAULT '' NOT NULL,
	"timezone" text DEFAULT 'UTC' NOT NULL,
	"default_region" text DEFAULT 'US' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "organization_uuid_unique" UNIQUE("uuid")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" serial PRIMARY KEY NOT NULL,
	"uuid" uuid DEFAULT gen_random_uuid() NOT NULL,
	"username" text NOT NULL,
	"password_hash" text NOT NULL,
	"email" text DEFAULT '' NOT NULL,
	"first_name" text DEFAULT '' NOT NULL,
	"last_name" text DEFAULT '' NOT NULL,
	"role" text DEFAULT 'manager' NOT NULL,
	"organization_id" integer NOT NULL,
	"manager_id" integer,
	"is_active" boolean DEFAULT true NOT NULL,
	"date_joined" timestamp with time zone DEFAULT now() NOT NULL,
	"last_login" timestamp with time zone,
	CONSTRAINT "users_uuid_unique" UNIQUE("uuid")
);
--> statement-breakpoint
CREATE TABLE "api_token" (
	"id" serial PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_token_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "login_failure" (
	"key" text PRIMARY KEY NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"window_start" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sealed_survey" (
	"id" serial PRIMARY KEY NOT NULL,
	"survey_id" integer,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"tts_language" text NOT NULL,
	"tts_voice" text NOT NULL,
	"definition" jsonb NOT NULL,
	"user_id" integer,
	"builtin" boolean DEFAULT false NOT NULL,
	"template_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sealed_survey_builtin_owner" CHECK ("sealed_survey"."builtin" = ("sealed_survey"."user_id" is null))
);
--> statement-breakpoint
CREATE TABLE "survey" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"tts_language" text DEFAULT 'en-US' NOT NULL,
	"tts_voice" text DEFAULT 'alice' NOT NULL,
	"definition" jsonb NOT NULL,
	"user_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "survey_result" (
	"id" serial PRIMARY KEY NOT NULL,
	"call_id" integer NOT NULL,
	"sealed_survey_id" integer NOT NULL,
	"node_id" text NOT NULL,
	"response" text DEFAULT '' NOT NULL,
	"recording_url" text,
	"recording_duration" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "gateway" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"provider" text NOT NULL,
	"account_sid" text NOT NULL,
	"auth_token_encrypted" text NOT NULL,
	"base_url" text,
	"caller_id" text DEFAULT '' NOT NULL,
	"max_cps" integer DEFAULT 1 NOT NULL,
	"max_concurrent" integer DEFAULT 0 NOT NULL,
	"status" integer DEFAULT 1 NOT NULL,
	"user_id" integer,
	"created_date" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_date" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sms_gateway" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"provider" text NOT NULL,
	"account_sid" text NOT NULL,
	"auth_token_encrypted" text NOT NULL,
	"base_url" text,
	"from_number" text DEFAULT '' NOT NULL,
	"max_cps" integer DEFAULT 1 NOT NULL,
	"max_concurrent" integer DEFAULT 0 NOT NULL,
	"status" integer DEFAULT 1 NOT NULL,
	"user_id" integer,
	"created_date" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_date" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "calendar_setting" (
	"id" serial PRIMARY KEY NOT NULL,
	"label" text NOT NULL,
	"callerid" text,
	"caller_name" text DEFAULT '' NOT NULL,
	"call_timeout" integer DEFAULT 60 NOT NULL,
	"user_id" integer NOT NULL,
	"survey_id" integer NOT NULL,
	"aleg_gateway_id" integer NOT NULL,
	"sms_gateway_id" integer,
	"voicemail" boolean DEFAULT false NOT NULL,
	"amd_behavior" integer DEFAULT 1 NOT NULL,
	"voicemail_audiofile" text,
	"created_date" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_date" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "calendar_user_profile" (
	"id" serial PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"manager_id" integer NOT NULL,
	"calendar_setting_id" integer,
	"accountcode" integer,
	"address" text,
	"city" text,
	"state" text,
	"country" text DEFAULT '' NOT NULL,
	"zip_code" text,
	"phone_no" text,
	"fax" text,
	"company_name" text,
	"company_website" text,
	"language" text,
	"note" text,
	"timezone" text NOT NULL,
	"created_date" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_date" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "calendar" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"user_id" integer NOT NULL,
	"max_concurrent" integer DEFAULT 0 NOT NULL,
	"created_date" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "rule" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"frequency" text NOT NULL,
	"params" text DEFAULT '' NOT NULL,
	"rrule" text NOT NULL,
	"user_id" integer,
	"created_date" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_date" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "event" (
	"id" serial PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"start" timestamp with time zone NOT NULL,
	"end" timestamp with time zone NOT NULL,
	"timezone" text NOT NULL,
	"creator_id" integer NOT NULL,
	"created_on" timestamp with time zone DEFAULT now() NOT NULL,
	"end_recurring_period" timestamp with time zone,
	"rule_id" integer,
	"calendar_id" integer NOT NULL,
	"notify_count" integer DEFAULT 0 NOT NULL,
	"status" integer DEFAULT 1 NOT NULL,
	"data" jsonb,
	"parent_event_id" integer,
	"occ_count" integer DEFAULT 0 NOT NULL,
	"updated_on" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "alarm" (
	"id" serial PRIMARY KEY NOT NULL,
	"event_id" integer NOT NULL,
	"method" integer DEFAULT 1 NOT NULL,
	"date_start_notice" timestamp with time zone NOT NULL,
	"advance_notice" integer DEFAULT 0 NOT NULL,
	"daily_start" text DEFAULT '00:00:00' NOT NULL,
	"daily_stop" text DEFAULT '23:59:59' NOT NULL,
	"maxretry" integer DEFAULT 0 NOT NULL,
	"retry_delay" integer DEFAULT 0 NOT NULL,
	"num_attempt" integer DEFAULT 0 NOT NULL,
	"survey_id" integer,
	"sms_template" text,
	"mail_subject" text,
	"mail_text" text,
	"alarm_phonenumber" text,
	"alarm_email" text,
	"phonenumber_sms_failure" text,
	"phonenumber_transfer" text,
	"url_confirm" text,
	"url_cancel" text,
	"status" integer DEFAULT 1 NOT NULL,
	"result" integer DEFAULT 0 NOT NULL,
	"timezone" text NOT NULL,
	"created_date" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_date" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "alarm_request" (
	"id" serial PRIMARY KEY NOT NULL,
	"alarm_id" integer NOT NULL,
	"date" timestamp with time zone DEFAULT now() NOT NULL,
	"status" integer DEFAULT 1 NOT NULL,
	"callstatus" integer DEFAULT 0 NOT NULL,
	"duration" integer DEFAULT 0 NOT NULL,
	"call_id" integer,
	"created_date" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contact" (
	"id" serial PRIMARY KEY NOT NULL,
	"uuid" uuid DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" integer NOT NULL,
	"core_user_uuid" uuid,
	"customer_id" integer NOT NULL,
	"first_name" text DEFAULT '' NOT NULL,
	"middle_name" text DEFAULT '' NOT NULL,
	"last_name" text DEFAULT '' NOT NULL,
	"title" text,
	"suffix" text DEFAULT '' NOT NULL,
	"contact_type" text,
	"customer_type" text,
	"company" text DEFAULT '' NOT NULL,
	"addresses" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"siteprofile_uuids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"emails" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"phones" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"workflowlevel1_uuids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"workflowlevel2_uuids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"create_date" timestamp with time zone DEFAULT now() NOT NULL,
	"edit_date" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contact_uuid_unique" UNIQUE("uuid")
);
--> statement-breakpoint
CREATE TABLE "appointment" (
	"id" serial PRIMARY KEY NOT NULL,
	"uuid" uuid DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" integer NOT NULL,
	"owner" uuid NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	"start_date" timestamp with time zone NOT NULL,
	"end_date" timestamp with time zone NOT NULL,
	"type" text[] NOT NULL,
	"address" text DEFAULT '' NOT NULL,
	"siteprofile_uuid" uuid,
	"invitee_uuids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"workflowlevel2_uuids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"contact_uuid" uuid,
	"summary" text DEFAULT '' NOT NULL,
	"timezone" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "appointment_uuid_unique" UNIQUE("uuid"),
	CONSTRAINT "appointment_start_not_after_end" CHECK ("appointment"."start_date" <= "appointment"."end_date"),
	CONSTRAINT "appointment_type_not_empty" CHECK (cardinality("appointment"."type") > 0)
);
--> statement-breakpoint
CREATE TABLE "appointment_note" (
	"id" serial PRIMARY KEY NOT NULL,
	"organization_id" integer NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"type" smallint DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "appointment_note_id_type" UNIQUE("id","type"),
	CONSTRAINT "appointment_note_type" CHECK ("appointment_note"."type" between 1 and 4)
);
--> statement-breakpoint
CREATE TABLE "appointment_note_link" (
	"appointment_id" integer NOT NULL,
	"note_id" integer NOT NULL,
	"note_type" smallint NOT NULL,
	CONSTRAINT "appointment_note_link_appointment_id_note_id_pk" PRIMARY KEY("appointment_id","note_id")
);
--> statement-breakpoint
CREATE TABLE "appointment_notification" (
	"id" serial PRIMARY KEY NOT NULL,
	"appointment_id" integer NOT NULL,
	"subject" text DEFAULT '' NOT NULL,
	"message" text DEFAULT '' NOT NULL,
	"subject_generated" boolean DEFAULT false NOT NULL,
	"message_generated" boolean DEFAULT false NOT NULL,
	"recipient" text NOT NULL,
	"send_notification" boolean DEFAULT false NOT NULL,
	"send_at" timestamp with time zone,
	"sent_at" timestamp with time zone,
	"status" text DEFAULT 'draft' NOT NULL,
	"error" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"org_phone" text DEFAULT '' NOT NULL,
	"org_name" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "email_message" (
	"id" serial PRIMARY KEY NOT NULL,
	"to" text NOT NULL,
	"from" text NOT NULL,
	"subject" text NOT NULL,
	"text" text NOT NULL,
	"html" text,
	"message_id" text NOT NULL,
	"status" text NOT NULL,
	"sent_at" timestamp with time zone,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "call" (
	"id" serial PRIMARY KEY NOT NULL,
	"organization_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"gateway_id" integer NOT NULL,
	"sealed_survey_id" integer NOT NULL,
	"alarm_request_id" integer,
	"provider_sid" text,
	"from_number" text NOT NULL,
	"to_number" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"callstatus" integer DEFAULT 1 NOT NULL,
	"answered_by" text,
	"amd_behavior" integer,
	"ring_timeout" integer DEFAULT 60 NOT NULL,
	"context" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"ivr_state" jsonb,
	"seq" integer DEFAULT 0 NOT NULL,
	"last_twiml" text,
	"result" integer DEFAULT 0 NOT NULL,
	"transferred_to" text,
	"dialed_at" timestamp with time zone,
	"answered_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"duration" integer DEFAULT 0 NOT NULL,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "call_provider_sid_unique" UNIQUE("provider_sid")
);
--> statement-breakpoint
CREATE TABLE "do_not_contact" (
	"id" serial PRIMARY KEY NOT NULL,
	"organization_id" integer NOT NULL,
	"phone_number" text NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"source" text DEFAULT 'api' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sms_message" (
	"id" serial PRIMARY KEY NOT NULL,
	"organization_id" integer NOT NULL,
	"sms_gateway_id" integer,
	"call_id" integer,
	"alarm_request_id" integer,
	"direction" text DEFAULT 'outbound' NOT NULL,
	"from_number" text NOT NULL,
	"to_number" text NOT NULL,
	"body" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"provider_sid" text,
	"error_code" text,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sms_message_provider_sid_unique" UNIQUE("provider_sid")
);
--> statement-breakpoint
CREATE TABLE "worker_process" (
	"id" serial PRIMARY KEY NOT NULL,
	"pool_id" text NOT NULL,
	"hostname" text DEFAULT '' NOT NULL,
	"pid" integer DEFAULT 0 NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "gateway_throttle" (
	"gateway_id" integer PRIMARY KEY NOT NULL,
	"next_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alarm_schedule" (
	"alarm_id" integer PRIMARY KEY NOT NULL,
	"due_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_manager_id_users_id_fk" FOREIGN KEY ("manager_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_token" ADD CONSTRAINT "api_token_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sealed_survey" ADD CONSTRAINT "sealed_survey_survey_id_survey_id_fk" FOREIGN KEY ("survey_id") REFERENCES "public"."survey"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sealed_survey" ADD CONSTRAINT "sealed_survey_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey" ADD CONSTRAINT "survey_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_result" ADD CONSTRAINT "survey_result_sealed_survey_id_sealed_survey_id_fk" FOREIGN KEY ("sealed_survey_id") REFERENCES "public"."sealed_survey"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gateway" ADD CONSTRAINT "gateway_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sms_gateway" ADD CONSTRAINT "sms_gateway_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_setting" ADD CONSTRAINT "calendar_setting_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_setting" ADD CONSTRAINT "calendar_setting_survey_id_sealed_survey_id_fk" FOREIGN KEY ("survey_id") REFERENCES "public"."sealed_survey"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_setting" ADD CONSTRAINT "calendar_setting_aleg_gateway_id_gateway_id_fk" FOREIGN KEY ("aleg_gateway_id") REFERENCES "public"."gateway"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_setting" ADD CONSTRAINT "calendar_setting_sms_gateway_id_sms_gateway_id_fk" FOREIGN KEY ("sms_gateway_id") REFERENCES "public"."sms_gateway"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_user_profile" ADD CONSTRAINT "calendar_user_profile_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_user_profile" ADD CONSTRAINT "calendar_user_profile_manager_id_users_id_fk" FOREIGN KEY ("manager_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_user_profile" ADD CONSTRAINT "calendar_user_profile_calendar_setting_id_calendar_setting_id_fk" FOREIGN KEY ("calendar_setting_id") REFERENCES "public"."calendar_setting"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar" ADD CONSTRAINT "calendar_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rule" ADD CONSTRAINT "rule_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event" ADD CONSTRAINT "event_creator_id_users_id_fk" FOREIGN KEY ("creator_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event" ADD CONSTRAINT "event_rule_id_rule_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."rule"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event" ADD CONSTRAINT "event_calendar_id_calendar_id_fk" FOREIGN KEY ("calendar_id") REFERENCES "public"."calendar"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event" ADD CONSTRAINT "event_parent_event_id_event_id_fk" FOREIGN KEY ("parent_event_id") REFERENCES "public"."event"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alarm" ADD CONSTRAINT "alarm_event_id_event_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."event"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alarm" ADD CONSTRAINT "alarm_survey_id_sealed_survey_id_fk" FOREIGN KEY ("survey_id") REFERENCES "public"."sealed_survey"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alarm_request" ADD CONSTRAINT "alarm_request_alarm_id_alarm_id_fk" FOREIGN KEY ("alarm_id") REFERENCES "public"."alarm"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact" ADD CONSTRAINT "contact_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointment" ADD CONSTRAINT "appointment_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointment" ADD CONSTRAINT "appointment_contact_uuid_contact_uuid_fk" FOREIGN KEY ("contact_uuid") REFERENCES "public"."contact"("uuid") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointment_note" ADD CONSTRAINT "appointment_note_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointment_note_link" ADD CONSTRAINT "appointment_note_link_appointment_id_appointment_id_fk" FOREIGN KEY ("appointment_id") REFERENCES "public"."appointment"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointment_note_link" ADD CONSTRAINT "appointment_note_link_note" FOREIGN KEY ("note_id","note_type") REFERENCES "public"."appointment_note"("id","type") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "appointment_notification" ADD CONSTRAINT "appointment_notification_appointment_id_appointment_id_fk" FOREIGN KEY ("appointment_id") REFERENCES "public"."appointment"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call" ADD CONSTRAINT "call_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call" ADD CONSTRAINT "call_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call" ADD CONSTRAINT "call_gateway_id_gateway_id_fk" FOREIGN KEY ("gateway_id") REFERENCES "public"."gateway"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call" ADD CONSTRAINT "call_sealed_survey_id_sealed_survey_id_fk" FOREIGN KEY ("sealed_survey_id") REFERENCES "public"."sealed_survey"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "do_not_contact" ADD CONSTRAINT "do_not_contact_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sms_message" ADD CONSTRAINT "sms_message_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sms_message" ADD CONSTRAINT "sms_message_sms_gateway_id_sms_gateway_id_fk" FOREIGN KEY ("sms_gateway_id") REFERENCES "public"."sms_gateway"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gateway_throttle" ADD CONSTRAINT "gateway_throttle_gateway_id_gateway_id_fk" FOREIGN KEY ("gateway_id") REFERENCES "public"."gateway"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alarm_schedule" ADD CONSTRAINT "alarm_schedule_alarm_id_alarm_id_fk" FOREIGN KEY ("alarm_id") REFERENCES "public"."alarm"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "users_username_lower" ON "users" USING btree (lower("username"));--> statement-breakpoint
CREATE INDEX "api_token_user" ON "api_token" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sealed_survey_template_key" ON "sealed_survey" USING btree ("template_key");--> statement-breakpoint
CREATE INDEX "sealed_survey_user" ON "sealed_survey" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "survey_user" ON "survey" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "survey_result_call_node" ON "survey_result" USING btree ("call_id","node_id");--> statement-breakpoint
CREATE INDEX "survey_result_survey" ON "survey_result" USING btree ("sealed_survey_id");--> statement-breakpoint
CREATE INDEX "gateway_user" ON "gateway" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "sms_gateway_user" ON "sms_gateway" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "calendar_setting_user" ON "calendar_setting" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "calendar_user_profile_user" ON "calendar_user_profile" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "calendar_user_profile_manager" ON "calendar_user_profile" USING btree ("manager_id");--> statement-breakpoint
CREATE INDEX "calendar_user_profile_setting" ON "calendar_user_profile" USING btree ("calendar_setting_id");--> statement-breakpoint
CREATE INDEX "calendar_user" ON "calendar" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "rule_user" ON "rule" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "event_calendar" ON "event" USING btree ("calendar_id");--> statement-breakpoint
CREATE INDEX "event_creator" ON "event" USING btree ("creator_id");--> statement-breakpoint
CREATE INDEX "event_parent" ON "event" USING btree ("parent_event_id");--> statement-breakpoint
CREATE INDEX "event_start" ON "event" USING btree ("start");--> statement-breakpoint
CREATE INDEX "alarm_event" ON "alarm" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "alarm_status_date" ON "alarm" USING btree ("status","date_start_notice");--> statement-breakpoint
CREATE INDEX "alarm_request_alarm" ON "alarm_request" USING btree ("alarm_id");--> statement-breakpoint
CREATE INDEX "alarm_request_date" ON "alarm_request" USING btree ("date");--> statement-breakpoint
CREATE UNIQUE INDEX "unique_organization_customer_id" ON "contact" USING btree ("organization_id","customer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "unique_organization_core_user_uuid" ON "contact" USING btree ("organization_id","core_user_uuid") WHERE core_user_uuid is not null;--> statement-breakpoint
CREATE INDEX "contact_organization_first_name" ON "contact" USING btree ("organization_id","first_name");--> statement-breakpoint
CREATE INDEX "contact_workflowlevel2_uuids" ON "contact" USING gin ("workflowlevel2_uuids");--> statement-breakpoint
CREATE INDEX "contact_siteprofile_uuids" ON "contact" USING gin ("siteprofile_uuids");--> statement-breakpoint
CREATE INDEX "appointment_organization_start" ON "appointment" USING btree ("organization_id","start_date");--> statement-breakpoint
CREATE INDEX "appointment_contact_uuid" ON "appointment" USING btree ("contact_uuid");--> statement-breakpoint
CREATE INDEX "appointment_owner" ON "appointment" USING btree ("owner");--> statement-breakpoint
CREATE INDEX "appointment_invitee_uuids" ON "appointment" USING gin ("invitee_uuids");--> statement-breakpoint
CREATE INDEX "appointment_workflowlevel2_uuids" ON "appointment" USING gin ("workflowlevel2_uuids");--> statement-breakpoint
CREATE INDEX "appointment_note_organization" ON "appointment_note" USING btree ("organization_id");--> statement-breakpoint
CREATE UNIQUE INDEX "appointment_note_link_one_per_type" ON "appointment_note_link" USING btree ("appointment_id","note_type");--> statement-breakpoint
CREATE INDEX "appointment_note_link_note" ON "appointment_note_link" USING btree ("note_id");--> statement-breakpoint
CREATE INDEX "appointment_notification_appointment" ON "appointment_notification" USING btree ("appointment_id");--> statement-breakpoint
CREATE INDEX "appointment_notification_unsent" ON "appointment_notification" USING btree ("id") WHERE sent_at is null and send_notification;--> statement-breakpoint
CREATE INDEX "email_message_created" ON "email_message" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "call_org" ON "call" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "call_open" ON "call" USING btree ("callstatus","dialed_at");--> statement-breakpoint
CREATE UNIQUE INDEX "do_not_contact_number" ON "do_not_contact" USING btree ("organization_id","phone_number");--> statement-breakpoint
CREATE INDEX "sms_message_org" ON "sms_message" USING btree ("organization_id");--> statement-breakpoint
CREATE UNIQUE INDEX "worker_process_pool" ON "worker_process" USING btree ("pool_id");--> statement-breakpoint
CREATE INDEX "alarm_schedule_due" ON "alarm_schedule" USING btree ("due_at");