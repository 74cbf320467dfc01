CREATE TABLE `absences` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`subscription_id` integer NOT NULL,
	`delivery_id` integer NOT NULL,
	`mode` text NOT NULL,
	`target_delivery_id` integer,
	`moved` text NOT NULL,
	`moved_count` integer NOT NULL,
	`declared_by_id` integer,
	`declared_at` text NOT NULL,
	`withdrawn_at` text,
	`withdrawn_by_id` integer,
	FOREIGN KEY (`subscription_id`) REFERENCES `subscriptions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`delivery_id`) REFERENCES `deliveries`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`target_delivery_id`) REFERENCES `deliveries`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`declared_by_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`withdrawn_by_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `absences_live_unique` ON `absences` (`subscription_id`,`delivery_id`) WHERE withdrawn_at is null;--> statement-breakpoint
CREATE INDEX `absences_target_idx` ON `absences` (`target_delivery_id`);--> statement-breakpoint
CREATE TABLE `basket_offers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`subscription_id` integer NOT NULL,
	`delivery_id` integer NOT NULL,
	`note` text,
	`offered_at` text NOT NULL,
	`taken_by_id` integer,
	`taken_at` text,
	`withdrawn_at` text,
	FOREIGN KEY (`subscription_id`) REFERENCES `subscriptions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`delivery_id`) REFERENCES `deliveries`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`taken_by_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `basket_offers_live_unique` ON `basket_offers` (`subscription_id`,`delivery_id`) WHERE withdrawn_at is null;--> statement-breakpoint
CREATE INDEX `basket_offers_delivery_idx` ON `basket_offers` (`delivery_id`);--> statement-breakpoint
CREATE TABLE `contract_absence_settings` (
	`contract_id` integer PRIMARY KEY NOT NULL,
	`absences_allowed` integer DEFAULT false NOT NULL,
	`max_per_member` integer DEFAULT 3 NOT NULL,
	`notice_days` integer DEFAULT 7 NOT NULL,
	`mode` text DEFAULT 'carry-over' NOT NULL,
	`exchange_allowed` integer DEFAULT false NOT NULL,
	`exchange_hours` integer DEFAULT 24 NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`contract_id`) REFERENCES `contracts`(`id`) ON UPDATE no action ON DELETE cascade
);
