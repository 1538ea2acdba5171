CREATE TABLE `manager_invitations` (
	`id` integer PRIMARY KEY NOT NULL,
	`token_hash` text NOT NULL,
	`enterprise_id` integer NOT NULL,
	`email` text NOT NULL,
	`invited_by` integer,
	`expires_at` integer NOT NULL,
	`accepted_at` integer,
	`cancelled_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`enterprise_id`) REFERENCES `enterprises`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`invited_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `manager_invitations_token_hash_unique` ON `manager_invitations` (`token_hash`);--> statement-breakpoint
CREATE INDEX `manager_invitations_email_idx` ON `manager_invitations` (`email`);--> statement-breakpoint
CREATE INDEX `manager_invitations_enterprise_idx` ON `manager_invitations` (`enterprise_id`);--> statement-breakpoint
ALTER TABLE `enterprises` ADD `published_at` integer;--> statement-breakpoint
ALTER TABLE `labels` ADD `position` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `labels` ADD `retired_at` integer;--> statement-breakpoint
ALTER TABLE `categories` ADD `retired_at` integer;--> statement-breakpoint
-- hand-written
-- Every enterprise that existed before publishing was a step stays public, as it was.
UPDATE `enterprises` SET `published_at` = `created_at`;
--> statement-breakpoint
-- Labels keep the order they had (by id) now that they have a position.
UPDATE `labels` SET `position` = `id` * 10;
