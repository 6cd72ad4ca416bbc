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
ALTER TABLE "gateway_throttle" ADD CONSTRAINT "gateway_throttle_gateway_id_gateway_id_fk" FOREIGN KEY ("gateway_id") REFERENCES "public"."gateway"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "worker_process_pool" ON "worker_process" USING btree ("pool_id");