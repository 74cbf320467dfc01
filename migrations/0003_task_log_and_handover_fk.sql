CREATE TABLE `task_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`task` text NOT NULL,
	`today` text NOT NULL,
	`trigger` text NOT NULL,
	`started_at` text NOT NULL,
	`finished_at` text,
	`status` text DEFAULT 'running' NOT NULL,
	`summary` text,
	`details` text DEFAULT '{}' NOT NULL,
	`error` text
);
--> statement-breakpoint
CREATE INDEX `task_runs_task_idx` ON `task_runs` (`task`,`started_at`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_cheques` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`subscription_id` integer NOT NULL,
	`payment_date_id` integer NOT NULL,
	`amount_cents` integer NOT NULL,
	`status` text DEFAULT 'promised' NOT NULL,
	`bank` text,
	`number` text,
	`received_at` text,
	`received_by_id` integer,
	`handed_over_at` text,
	`handover_id` integer,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`subscription_id`) REFERENCES `subscriptions`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`payment_date_id`) REFERENCES `payment_dates`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`received_by_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`handover_id`) REFERENCES `handovers`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
INSERT INTO `__new_cheques`("id", "subscription_id", "payment_date_id", "amount_cents", "status", "bank", "number", "received_at", "received_by_id", "handed_over_at", "handover_id", "created_at", "updated_at") SELECT "id", "subscription_id", "payment_date_id", "amount_cents", "status", "bank", "number", "received_at", "received_by_id", "handed_over_at", "handover_id", "created_at", "updated_at" FROM `cheques`;--> statement-breakpoint
DROP TABLE `cheques`;--> statement-breakpoint
ALTER TABLE `__new_cheques` RENAME TO `cheques`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `cheques_subscription_idx` ON `cheques` (`subscription_id`);--> statement-breakpoint
CREATE INDEX `cheques_payment_date_idx` ON `cheques` (`payment_date_id`,`status`);