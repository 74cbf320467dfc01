DROP INDEX `cheques_subscription_idx`;--> statement-breakpoint
DROP INDEX `cheques_payment_date_idx`;--> statement-breakpoint
CREATE INDEX `cheques_subscription_status_idx` ON `cheques` (`subscription_id`,`status`,`amount_cents`);--> statement-breakpoint
CREATE INDEX `cheques_payment_date_status_idx` ON `cheques` (`payment_date_id`,`status`,`amount_cents`);--> statement-breakpoint
DROP INDEX `quantities_delivery_idx`;--> statement-breakpoint
CREATE INDEX `quantities_delivery_idx` ON `subscription_quantities` (`delivery_id`,`contract_product_id`);--> statement-breakpoint
CREATE INDEX `payment_dates_due_idx` ON `payment_dates` (`due_on`);--> statement-breakpoint
CREATE INDEX `subscriptions_contract_status_idx` ON `subscriptions` (`contract_id`,`status`,`total_cents`);