CREATE TABLE `payment_date_cheque_sums` (
	`payment_date_id` integer NOT NULL,
	`status` text NOT NULL,
	`n` integer NOT NULL,
	`cents` integer NOT NULL,
	PRIMARY KEY(`payment_date_id`, `status`),
	FOREIGN KEY (`payment_date_id`) REFERENCES `payment_dates`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `cheques_collected_idx` ON `cheques` (`subscription_id`,`status`,`amount_cents`) WHERE "cheques"."status" in ('received', 'handed_over');