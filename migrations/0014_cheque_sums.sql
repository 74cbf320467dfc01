CREATE TABLE `payment_date_cheque_sums` (
	`payment_date_id` integer NOT NULL,
	`status` text NOT NULL,
	`n` integer NOT NULL,
	`cents` integer NOT NULL,
	PRIMARY KEY(`payment_date_id`, `status`),
	FOREIGN KEY (`payment_date_id`) REFERENCES `payment_dates`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `subscription_money_sums` (
	`subscription_id` integer PRIMARY KEY NOT NULL,
	`collected_cents` integer NOT NULL,
	`total_cents` integer NOT NULL,
	`credit_cents` integer NOT NULL,
	FOREIGN KEY (`subscription_id`) REFERENCES `subscriptions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `subscription_money_sums_owed_idx` ON `subscription_money_sums` (`subscription_id`) WHERE "subscription_money_sums"."collected_cents" > max(0, "subscription_money_sums"."total_cents" - "subscription_money_sums"."credit_cents");