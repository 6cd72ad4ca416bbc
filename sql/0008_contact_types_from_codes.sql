-- Contact types became objects (0007). Each code still in use becomes an installation-wide global
-- type named by its label, as the original's migration 0017_migrate_contact_type did, and its
-- contacts point at it; 0009 then drops the code column.
INSERT INTO "contact_type" ("name", "organization_id", "is_global")
SELECT codes.label, NULL, true
FROM (VALUES ('customer', 'Customer'), ('supplier', 'Supplier'), ('producer', 'Producer'), ('personnel', 'Personnel')) AS codes(code, label)
WHERE EXISTS (SELECT 1 FROM "contact" WHERE "contact"."contact_type" = codes.code);
--> statement-breakpoint
UPDATE "contact" SET "contact_type_uuid" = "contact_type"."uuid"
FROM (VALUES ('customer', 'Customer'), ('supplier', 'Supplier'), ('producer', 'Producer'), ('personnel', 'Personnel')) AS codes(code, label)
JOIN "contact_type" ON "contact_type"."name" = codes.label AND "contact_type"."organization_id" IS NULL AND "contact_type"."is_global"
WHERE "contact"."contact_type" = codes.code;
