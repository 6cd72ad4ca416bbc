ALTER TABLE "call" ADD COLUMN "calendar_id" integer;--> statement-breakpoint
CREATE INDEX "call_waiting" ON "call" USING btree ("gateway_id","id") WHERE dialed_at is null and callstatus = 1;--> statement-breakpoint
CREATE INDEX "call_calendar_open" ON "call" USING btree ("calendar_id") WHERE dialed_at is not null and callstatus in (1, 2, 3);--> statement-breakpoint
-- Calls of earlier versions: their alarm's calendar.
UPDATE "call" c SET "calendar_id" = e."calendar_id"
  FROM "alarm_request" r JOIN "alarm" a ON a."id" = r."alarm_id" JOIN "event" e ON e."id" = a."event_id"
 WHERE r."id" = c."alarm_request_id";
