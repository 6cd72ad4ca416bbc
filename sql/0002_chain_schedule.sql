CREATE TABLE "chain_schedule" (
	"root_id" integer PRIMARY KEY NOT NULL,
	"due_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "chain_schedule" ADD CONSTRAINT "chain_schedule_root_id_event_id_fk" FOREIGN KEY ("root_id") REFERENCES "public"."event"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "chain_schedule_due" ON "chain_schedule" USING btree ("due_at");