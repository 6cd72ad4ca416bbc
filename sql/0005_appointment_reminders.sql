CREATE TABLE "reminder_plan" (
	"id" serial PRIMARY KEY NOT NULL,
	"uuid" uuid DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" integer NOT NULL,
	"name" text NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"steps" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reminder_plan_uuid_unique" UNIQUE("uuid")
);
--> statement-breakpoint
CREATE TABLE "reminder" (
	"id" serial PRIMARY KEY NOT NULL,
	"appointment_id" integer NOT NULL,
	"plan_id" integer,
	"step" integer NOT NULL,
	"channel" text NOT NULL,
	"offset_minutes" integer NOT NULL,
	"only_if_unconfirmed" boolean DEFAULT false NOT NULL,
	"for_start" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"alarm_id" integer,
	"state" text,
	"reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "organization" ADD COLUMN "reception_phone" text;--> statement-breakpoint
ALTER TABLE "organization" ADD COLUMN "reminder_calendar_id" integer;--> statement-breakpoint
ALTER TABLE "alarm_request" ADD COLUMN "reason" text;--> statement-breakpoint
ALTER TABLE "alarm_request" ADD COLUMN "reason_detail" text;--> statement-breakpoint
ALTER TABLE "alarm_request" ADD COLUMN "retry_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "contact" ADD COLUMN "timezone" text;--> statement-breakpoint
ALTER TABLE "contact" ADD COLUMN "language" text;--> statement-breakpoint
ALTER TABLE "appointment" ADD COLUMN "reminder_plan_id" integer;--> statement-breakpoint
ALTER TABLE "appointment" ADD COLUMN "reminders_enabled" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "appointment" ADD COLUMN "reminder_event_id" integer;--> statement-breakpoint
ALTER TABLE "appointment" ADD COLUMN "confirmation_status" text DEFAULT 'unconfirmed' NOT NULL;--> statement-breakpoint
ALTER TABLE "appointment" ADD COLUMN "confirmation_changed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "call" ADD COLUMN "transcript" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "reminder_plan" ADD CONSTRAINT "reminder_plan_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminder" ADD CONSTRAINT "reminder_appointment_id_appointment_id_fk" FOREIGN KEY ("appointment_id") REFERENCES "public"."appointment"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminder" ADD CONSTRAINT "reminder_plan_id_reminder_plan_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."reminder_plan"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminder" ADD CONSTRAINT "reminder_alarm_id_alarm_id_fk" FOREIGN KEY ("alarm_id") REFERENCES "public"."alarm"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "reminder_plan_organization" ON "reminder_plan" USING btree ("organization_id");--> statement-breakpoint
CREATE UNIQUE INDEX "reminder_plan_one_default" ON "reminder_plan" USING btree ("organization_id") WHERE is_default;--> statement-breakpoint
CREATE INDEX "reminder_appointment" ON "reminder" USING btree ("appointment_id");--> statement-breakpoint
CREATE UNIQUE INDEX "reminder_alarm" ON "reminder" USING btree ("alarm_id");--> statement-breakpoint
ALTER TABLE "organization" ADD CONSTRAINT "organization_reminder_calendar_id_calendar_id_fk" FOREIGN KEY ("reminder_calendar_id") REFERENCES "public"."calendar"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointment" ADD CONSTRAINT "appointment_reminder_plan_id_reminder_plan_id_fk" FOREIGN KEY ("reminder_plan_id") REFERENCES "public"."reminder_plan"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointment" ADD CONSTRAINT "appointment_reminder_event_id_event_id_fk" FOREIGN KEY ("reminder_event_id") REFERENCES "public"."event"("id") ON DELETE no action ON UPDATE no action;