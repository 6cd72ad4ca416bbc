CREATE TABLE "alarm_schedule" (
	"alarm_id" integer PRIMARY KEY NOT NULL,
	"due_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "alarm_schedule" ADD CONSTRAINT "alarm_schedule_alarm_id_alarm_id_fk" FOREIGN KEY ("alarm_id") REFERENCES "public"."alarm"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alarm_schedule_due" ON "alarm_schedule" USING btree ("due_at");