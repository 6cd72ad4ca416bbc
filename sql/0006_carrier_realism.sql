ALTER TABLE "survey" ALTER COLUMN "tts_voice" SET DEFAULT 'Polly.Joanna';--> statement-breakpoint
ALTER TABLE "call" ADD COLUMN "error_code" integer;--> statement-breakpoint
ALTER TABLE "sms_message" ADD COLUMN "valid_until" timestamp with time zone;