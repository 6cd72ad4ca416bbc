CREATE TABLE "contact_type" (
	"uuid" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"organization_id" integer,
	"is_global" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "appointment_driving_time" (
	"uuid" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"appointment_id" integer NOT NULL,
	"distance" numeric(5, 2) NOT NULL,
	"time" smallint NOT NULL,
	"time_point" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "appointment_driving_time_time" CHECK ("appointment_driving_time"."time" >= 0)
);
--> statement-breakpoint
ALTER TABLE "appointment" DROP CONSTRAINT "appointment_contact_uuid_contact_uuid_fk";
--> statement-breakpoint
DROP INDEX "unique_organization_core_user_uuid";--> statement-breakpoint
ALTER TABLE "contact" ALTER COLUMN "company" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "contact" ALTER COLUMN "company" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "contact" ALTER COLUMN "addresses" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "contact" ALTER COLUMN "addresses" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "contact" ALTER COLUMN "siteprofile_uuids" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "contact" ALTER COLUMN "siteprofile_uuids" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "contact" ALTER COLUMN "emails" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "contact" ALTER COLUMN "emails" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "contact" ALTER COLUMN "phones" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "contact" ALTER COLUMN "phones" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "contact" ALTER COLUMN "notes" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "contact" ALTER COLUMN "notes" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "contact" ALTER COLUMN "workflowlevel1_uuids" SET DATA TYPE text[];--> statement-breakpoint
ALTER TABLE "contact" ALTER COLUMN "workflowlevel1_uuids" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "contact" ALTER COLUMN "workflowlevel2_uuids" SET DATA TYPE text[];--> statement-breakpoint
ALTER TABLE "contact" ALTER COLUMN "workflowlevel2_uuids" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "contact" ALTER COLUMN "workflowlevel2_uuids" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "appointment" ALTER COLUMN "invitee_uuids" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "appointment" ALTER COLUMN "invitee_uuids" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "appointment" ALTER COLUMN "workflowlevel2_uuids" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "appointment" ALTER COLUMN "workflowlevel2_uuids" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "appointment_notification" ALTER COLUMN "org_phone" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "appointment_notification" ALTER COLUMN "org_phone" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "appointment_notification" ALTER COLUMN "org_name" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "appointment_notification" ALTER COLUMN "org_name" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "organization" ADD COLUMN "language" text DEFAULT 'en' NOT NULL;--> statement-breakpoint
ALTER TABLE "contact" ADD COLUMN "contact_type_uuid" uuid;--> statement-breakpoint
ALTER TABLE "contact_type" ADD CONSTRAINT "contact_type_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointment_driving_time" ADD CONSTRAINT "appointment_driving_time_appointment_id_appointment_id_fk" FOREIGN KEY ("appointment_id") REFERENCES "public"."appointment"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "contact_type_organization" ON "contact_type" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "contact_type_global" ON "contact_type" USING btree ("is_global") WHERE is_global;--> statement-breakpoint
CREATE INDEX "appointment_driving_time_appointment" ON "appointment_driving_time" USING btree ("appointment_id");--> statement-breakpoint
ALTER TABLE "contact" ADD CONSTRAINT "contact_contact_type_uuid_contact_type_uuid_fk" FOREIGN KEY ("contact_type_uuid") REFERENCES "public"."contact_type"("uuid") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "contact_workflowlevel1_uuids" ON "contact" USING gin ("workflowlevel1_uuids");