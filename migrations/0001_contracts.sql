CREATE TABLE `producer_accounts` (
	`producer_id` integer NOT NULL,
	`member_id` integer NOT NULL,
	PRIMARY KEY(`producer_id`, `member_id`),
	FOREIGN KEY (`producer_id`) REFERENCES `producers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `producer_accounts_member_idx` ON `producer_accounts` (`member_id`);--> statement-breakpoint
CREATE TABLE `producer_referents` (
	`producer_id` integer NOT NULL,
	`member_id` integer NOT NULL,
	`notify` integer DEFAULT true NOT NULL,
	PRIMARY KEY(`producer_id`, `member_id`),
	FOREIGN KEY (`producer_id`) REFERENCES `producers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `producer_referents_member_idx` ON `producer_referents` (`member_id`);--> statement-breakpoint
CREATE TABLE `producers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`email` text,
	`phone` text,
	`address` text,
	`payee` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `products` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`producer_id` integer NOT NULL,
	`name` text NOT NULL,
	`unit` text NOT NULL,
	`default_price_cents` integer NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`producer_id`) REFERENCES `producers`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `products_producer_idx` ON `products` (`producer_id`);--> statement-breakpoint
CREATE TABLE `contract_products` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`contract_id` integer NOT NULL,
	`product_id` integer NOT NULL,
	`price_cents` integer NOT NULL,
	`max_per_delivery` integer,
	`position` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`contract_id`) REFERENCES `contracts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE UNIQUE INDEX `contract_products_unique` ON `contract_products` (`contract_id`,`product_id`);--> statement-breakpoint
CREATE TABLE `contracts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`producer_id` integer NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`member_info` text,
	`kind` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`opens_on` text NOT NULL,
	`closes_on` text NOT NULL,
	`payments_managed` integer DEFAULT true NOT NULL,
	`payment_info` text,
	`payee` text NOT NULL,
	`payment_day` integer DEFAULT 5 NOT NULL,
	`proposal_rule` text DEFAULT 'whole-euros' NOT NULL,
	`min_cheque_cents` integer,
	`members_edit_amounts` integer DEFAULT true NOT NULL,
	`copied_from_id` integer,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`producer_id`) REFERENCES `producers`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `contracts_producer_idx` ON `contracts` (`producer_id`);--> statement-breakpoint
CREATE TABLE `deliveries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`contract_id` integer NOT NULL,
	`delivery_on` text NOT NULL,
	`cancelled_at` text,
	FOREIGN KEY (`contract_id`) REFERENCES `contracts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `deliveries_unique` ON `deliveries` (`contract_id`,`delivery_on`);--> statement-breakpoint
CREATE INDEX `deliveries_on_idx` ON `deliveries` (`delivery_on`);--> statement-breakpoint
CREATE TABLE `payment_dates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`contract_id` integer NOT NULL,
	`due_on` text NOT NULL,
	FOREIGN KEY (`contract_id`) REFERENCES `contracts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `payment_dates_unique` ON `payment_dates` (`contract_id`,`due_on`);--> statement-breakpoint
CREATE TABLE `subscription_quantities` (
	`subscription_id` integer NOT NULL,
	`delivery_id` integer NOT NULL,
	`contract_product_id` integer NOT NULL,
	`quantity` integer NOT NULL,
	PRIMARY KEY(`subscription_id`, `delivery_id`, `contract_product_id`),
	FOREIGN KEY (`subscription_id`) REFERENCES `subscriptions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`delivery_id`) REFERENCES `deliveries`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contract_product_id`) REFERENCES `contract_products`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `quantities_delivery_idx` ON `subscription_quantities` (`delivery_id`);--> statement-breakpoint
CREATE TABLE `subscriptions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`contract_id` integer NOT NULL,
	`member_id` integer NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`total_cents` integer NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`cancelled_at` text,
	FOREIGN KEY (`contract_id`) REFERENCES `contracts`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE UNIQUE INDEX `subscriptions_unique` ON `subscriptions` (`contract_id`,`member_id`);--> statement-breakpoint
CREATE INDEX `subscriptions_member_idx` ON `subscriptions` (`member_id`);--> statement-breakpoint
CREATE TABLE `cheques` (
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
	FOREIGN KEY (`received_by_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `cheques_subscription_idx` ON `cheques` (`subscription_id`);--> statement-breakpoint
CREATE INDEX `cheques_payment_date_idx` ON `cheques` (`payment_date_id`,`status`);