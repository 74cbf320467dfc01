CREATE TABLE `message_recipients` (
	`message_id` integer NOT NULL,
	`member_id` integer NOT NULL,
	`outbox_id` integer,
	`skipped` text,
	PRIMARY KEY(`message_id`, `member_id`),
	FOREIGN KEY (`message_id`) REFERENCES `messages`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`outbox_id`) REFERENCES `outbox`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `message_recipients_member_idx` ON `message_recipients` (`member_id`);--> statement-breakpoint
CREATE TABLE `message_uploads` (
	`message_id` integer NOT NULL,
	`position` integer NOT NULL,
	`filename` text NOT NULL,
	`content_type` text NOT NULL,
	`body` blob NOT NULL,
	PRIMARY KEY(`message_id`, `position`),
	FOREIGN KEY (`message_id`) REFERENCES `messages`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`sender_id` integer,
	`sender_name` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`subject` text NOT NULL,
	`body` text NOT NULL,
	`filter` text NOT NULL,
	`audience_words` text DEFAULT '' NOT NULL,
	`documents` text DEFAULT '{}' NOT NULL,
	`essential` integer DEFAULT false NOT NULL,
	`recipient_count` integer DEFAULT 0 NOT NULL,
	`attachment_names` text DEFAULT '[]' NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`sent_at` text,
	FOREIGN KEY (`sender_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `messages_sender_idx` ON `messages` (`sender_id`,`created_at`);--> statement-breakpoint
ALTER TABLE `outbox` ADD `reply_to` text;