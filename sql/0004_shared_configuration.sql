ALTER TABLE "gateway" ADD COLUMN "organization_id" integer;--> statement-breakpoint
ALTER TABLE "sms_gateway" ADD COLUMN "organization_id" integer;--> statement-breakpoint
ALTER TABLE "rule" ADD COLUMN "organization_id" integer;--> statement-breakpoint
ALTER TABLE "gateway" ADD CONSTRAINT "gateway_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sms_gateway" ADD CONSTRAINT "sms_gateway_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rule" ADD CONSTRAINT "rule_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "gateway_organization" ON "gateway" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "sms_gateway_organization" ON "sms_gateway" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "rule_organization" ON "rule" USING btree ("organization_id");