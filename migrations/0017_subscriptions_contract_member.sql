DROP INDEX `subscriptions_contract_status_idx`;--> statement-breakpoint
CREATE INDEX `subscriptions_contract_status_idx` ON `subscriptions` (`contract_id`,`status`,`member_id`,`total_cents`);