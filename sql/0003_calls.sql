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
ALTER TABLE "call" ADD CONSTRAINT "call_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call" ADD CONSTRAINT "call_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call" ADD CONSTRAINT "call_gateway_id_gateway_id_fk" FOREIGN KEY ("gateway_id") REFERENCES "public"."gateway"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call" ADD CONSTRAINT "call_sealed_survey_id_sealed_survey_id_fk" FOREIGN KEY ("sealed_survey_id") REFERENCES "public"."sealed_survey"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "do_not_contact" ADD CONSTRAINT "do_not_contact_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sms_message" ADD CONSTRAINT "sms_message_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sms_message" ADD CONSTRAINT "sms_message_sms_gateway_id_sms_gateway_id_fk" FOREIGN KEY ("sms_gateway_id") REFERENCES "public"."sms_gateway"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "call_org" ON "call" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "call_open" ON "call" USING btree ("callstatus","dialed_at");--> statement-breakpoint
CREATE UNIQUE INDEX "do_not_contact_number" ON "do_not_contact" USING btree ("organization_id","phone_number");--> statement-breakpoint
CREATE INDEX "sms_message_org" ON "sms_message" USING btree ("organization_id");