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
ALTER TABLE "sealed_survey" ADD CONSTRAINT "sealed_survey_survey_id_survey_id_fk" FOREIGN KEY ("survey_id") REFERENCES "public"."survey"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sealed_survey" ADD CONSTRAINT "sealed_survey_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey" ADD CONSTRAINT "survey_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_result" ADD CONSTRAINT "survey_result_sealed_survey_id_sealed_survey_id_fk" FOREIGN KEY ("sealed_survey_id") REFERENCES "public"."sealed_survey"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "sealed_survey_template_key" ON "sealed_survey" USING btree ("template_key");--> statement-breakpoint
CREATE INDEX "sealed_survey_user" ON "sealed_survey" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "survey_user" ON "survey" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "survey_result_call_node" ON "survey_result" USING btree ("call_id","node_id");--> statement-breakpoint
CREATE INDEX "survey_result_survey" ON "survey_result" USING btree ("sealed_survey_id");