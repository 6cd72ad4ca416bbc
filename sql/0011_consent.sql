CREATE TABLE "consent_log" (
	"id" serial PRIMARY KEY NOT NULL,
	"organization_id" integer NOT NULL,
	"phone_number" text NOT NULL,
	"action" text NOT NULL,
	"source" text NOT NULL,
	"keyword" text,
	"message_id" integer,
	"user_id" integer,
	"reason" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "organization" ADD COLUMN "contact_hours_start" text DEFAULT '08:00' NOT NULL;--> statement-breakpoint
ALTER TABLE "organization" ADD COLUMN "contact_hours_end" text DEFAULT '21:00' NOT NULL;--> statement-breakpoint
ALTER TABLE "gateway" ADD COLUMN "opt_out_reply" text;--> statement-breakpoint
ALTER TABLE "gateway" ADD COLUMN "opt_in_reply" text;--> statement-breakpoint
ALTER TABLE "gateway" ADD COLUMN "help_reply" text DEFAULT 'Appointment reminders. Reply STOP to receive no more calls or texts from us, START to receive them again.';--> statement-breakpoint
ALTER TABLE "sms_gateway" ADD COLUMN "opt_out_reply" text;--> statement-breakpoint
ALTER TABLE "sms_gateway" ADD COLUMN "opt_in_reply" text;--> statement-breakpoint
ALTER TABLE "sms_gateway" ADD COLUMN "help_reply" text DEFAULT 'Appointment reminders. Reply STOP to receive no more calls or texts from us, START to receive them again.';--> statement-breakpoint
ALTER TABLE "do_not_contact" ADD COLUMN "keyword" text;--> statement-breakpoint
ALTER TABLE "do_not_contact" ADD COLUMN "message_id" integer;--> statement-breakpoint
ALTER TABLE "sms_message" ADD COLUMN "matched" text;--> statement-breakpoint
ALTER TABLE "consent_log" ADD CONSTRAINT "consent_log_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "consent_log_number" ON "consent_log" USING btree ("organization_id","phone_number");