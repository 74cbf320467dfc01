CREATE TABLE `distribution_days` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`on` text NOT NULL,
	`added_by_hand` integer DEFAULT false NOT NULL,
	`title` text,
	`place` text,
	`start_time` text,
	`end_time` text,
	`note` text,
	`places_needed` integer,
	`custom_roles` integer DEFAULT false NOT NULL,
	`cancelled_at` text,
	`cancel_reason` text,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `distribution_days_on_unique` ON `distribution_days` (`on`);--> statement-breakpoint
CREATE TABLE `duty_roles` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`day_on` text NOT NULL,
	`name` text NOT NULL,
	`places` integer NOT NULL,
	`position` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `duty_roles_unique` ON `duty_roles` (`day_on`,`name`);--> statement-breakpoint
CREATE TABLE `duty_shifts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`day_on` text NOT NULL,
	`member_id` integer NOT NULL,
	`role_name` text,
	`stand_in_sought_at` text,
	`ended_at` text,
	`end_reason` text,
	`replaces_id` integer,
	`created_by_id` integer,
	`created_at` text NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`created_by_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `duty_shifts_day_idx` ON `duty_shifts` (`day_on`);--> statement-breakpoint
CREATE INDEX `duty_shifts_member_idx` ON `duty_shifts` (`member_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `duty_shifts_current_unique` ON `duty_shifts` (`day_on`,`member_id`) WHERE "duty_shifts"."ended_at" is null;--> statement-breakpoint
ALTER TABLE `members` ADD `accepts_duty_calls` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `members` ADD `duty_target` integer;--> statement-breakpoint
ALTER TABLE `members` ADD `pickup_note` text;