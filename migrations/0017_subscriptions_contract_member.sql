-- The contract page's table of subscribers and its member picker ("not subscribed yet") read the
-- contract's active subscriptions' members from this index alone, as the counts and totals already did.
DROP INDEX `subscriptions_contract_status_idx`;--> statement-breakpoint
CREATE INDEX `subscriptions_contract_status_idx` ON `subscriptions` (`contract_id`,`status`,`member_id`,`total_cents`);
