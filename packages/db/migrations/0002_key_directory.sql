CREATE TABLE "device_inbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"recipient_ref" uuid NOT NULL,
	"sender_user_id" uuid NOT NULL,
	"sender_device_id" integer NOT NULL,
	"envelope" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "device_state" (
	"user_id" uuid NOT NULL,
	"device_id" integer NOT NULL,
	"key" text NOT NULL,
	"value" "bytea" NOT NULL,
	CONSTRAINT "device_state_user_id_device_id_key_pk" PRIMARY KEY("user_id","device_id","key")
);
--> statement-breakpoint
CREATE TABLE "devices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"device_id" integer NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"registration_id" integer NOT NULL,
	"identity_key" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "one_time_prekeys" (
	"device_ref" uuid NOT NULL,
	"kind" text NOT NULL,
	"key_id" integer NOT NULL,
	"public_key" "bytea" NOT NULL,
	"signature" "bytea",
	CONSTRAINT "one_time_prekeys_device_ref_kind_key_id_pk" PRIMARY KEY("device_ref","kind","key_id")
);
--> statement-breakpoint
CREATE TABLE "signed_prekeys" (
	"device_ref" uuid NOT NULL,
	"kind" text NOT NULL,
	"key_id" integer NOT NULL,
	"public_key" "bytea" NOT NULL,
	"signature" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "signed_prekeys_device_ref_kind_pk" PRIMARY KEY("device_ref","kind")
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "account_key_by_password" "bytea";--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "account_key_by_master" "bytea";--> statement-breakpoint
ALTER TABLE "device_inbox" ADD CONSTRAINT "device_inbox_recipient_ref_devices_id_fk" FOREIGN KEY ("recipient_ref") REFERENCES "public"."devices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_state" ADD CONSTRAINT "device_state_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "devices" ADD CONSTRAINT "devices_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "one_time_prekeys" ADD CONSTRAINT "one_time_prekeys_device_ref_devices_id_fk" FOREIGN KEY ("device_ref") REFERENCES "public"."devices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signed_prekeys" ADD CONSTRAINT "signed_prekeys_device_ref_devices_id_fk" FOREIGN KEY ("device_ref") REFERENCES "public"."devices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "device_inbox_recipient_idx" ON "device_inbox" USING btree ("recipient_ref","id");--> statement-breakpoint
CREATE UNIQUE INDEX "devices_user_device_key" ON "devices" USING btree ("user_id","device_id");