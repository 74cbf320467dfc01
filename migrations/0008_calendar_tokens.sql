CREATE TABLE `calendar_tokens` (
	`member_id` integer PRIMARY KEY NOT NULL,
	`token_hash` text NOT NULL,
	`seed` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `calendar_tokens_token_hash_unique` ON `calendar_tokens` (`token_hash`);