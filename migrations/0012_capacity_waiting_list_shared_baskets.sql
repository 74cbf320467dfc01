CREATE TABLE `waiting_list_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`contract_id` integer NOT NULL,
	`contract_product_id` integer,
	`member_id` integer NOT NULL,
	`position` integer NOT NULL,
	`status` text DEFAULT 'waiting' NOT NULL,
	`offered_on` text,
	`offer_expires_on` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`contract_id`) REFERENCES `contracts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contract_product_id`) REFERENCES `contract_products`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE UNIQUE INDEX `waiting_list_unique` ON `waiting_list_entries` (`contract_id`,`member_id`);--> statement-breakpoint
CREATE INDEX `waiting_list_member_idx` ON `waiting_list_entries` (`member_id`);--> statement-breakpoint
CREATE TABLE `subscription_co_member_days` (
	`subscription_id` integer NOT NULL,
	`delivery_id` integer NOT NULL,
	PRIMARY KEY(`subscription_id`, `delivery_id`),
	FOREIGN KEY (`subscription_id`) REFERENCES `subscriptions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`delivery_id`) REFERENCES `deliveries`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `contract_products` ADD `capacity` integer;--> statement-breakpoint
ALTER TABLE `subscriptions` ADD `co_member_id` integer REFERENCES members(id);--> statement-breakpoint
ALTER TABLE `subscriptions` ADD `share_mode` text;--> statement-breakpoint
CREATE INDEX `subscriptions_co_member_idx` ON `subscriptions` (`co_member_id`);