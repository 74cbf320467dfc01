CREATE TABLE `mail_attachments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`sha256` text NOT NULL,
	`body` blob NOT NULL,
	`size` integer NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `mail_attachments_sha256_unique` ON `mail_attachments` (`sha256`);--> statement-breakpoint
CREATE TABLE `outbox_attachments` (
	`outbox_id` integer NOT NULL,
	`position` integer NOT NULL,
	`attachment_id` integer NOT NULL,
	`filename` text NOT NULL,
	`content_type` text NOT NULL,
	PRIMARY KEY(`outbox_id`, `position`),
	FOREIGN KEY (`outbox_id`) REFERENCES `outbox`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`attachment_id`) REFERENCES `mail_attachments`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `outbox_attachments_file_idx` ON `outbox_attachments` (`attachment_id`);--> statement-breakpoint
-- Mails queued before this migration carry their files as base64 JSON. SQLite can decode neither base64 nor
-- compute SHA-256, so they wait in this table, unknown to the schema, for openDatabase to move them into
-- mail_attachments right after migrating (server/features/mail/legacy-attachments.ts), then drop it.
CREATE TABLE `outbox_legacy_attachments` AS SELECT `id` AS `outbox_id`, `attachments` FROM `outbox` WHERE `attachments` <> '[]';--> statement-breakpoint
ALTER TABLE `outbox` DROP COLUMN `attachments`;