CREATE TABLE `order_changes` (
	`id` integer PRIMARY KEY NOT NULL,
	`public_id` text NOT NULL,
	`order_id` integer NOT NULL,
	`changes` text NOT NULL,
	`order_version` integer NOT NULL,
	`amount_cents` integer NOT NULL,
	`state` text DEFAULT 'pending' NOT NULL,
	`stripe_session_id` text,
	`checkout_url` text,
	`created_at` integer NOT NULL,
	`settled_at` integer,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `order_changes_public_id_unique` ON `order_changes` (`public_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `order_changes_stripe_session_id_unique` ON `order_changes` (`stripe_session_id`);--> statement-breakpoint
CREATE INDEX `order_changes_order_idx` ON `order_changes` (`order_id`,`state`);--> statement-breakpoint
ALTER TABLE `enterprises` ADD `shoppers_change_orders` integer DEFAULT false NOT NULL;