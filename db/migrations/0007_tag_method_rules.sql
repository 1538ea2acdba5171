CREATE TABLE `tag_method_rules` (
	`id` integer PRIMARY KEY NOT NULL,
	`hub_id` integer NOT NULL,
	`tag` text NOT NULL,
	`shipping_method_id` integer,
	`payment_method_id` integer,
	`visibility` text NOT NULL,
	FOREIGN KEY (`hub_id`) REFERENCES `enterprises`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`shipping_method_id`) REFERENCES `shipping_methods`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`payment_method_id`) REFERENCES `payment_methods`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "tag_method_rules_one_method" CHECK(("tag_method_rules"."shipping_method_id" IS NULL) <> ("tag_method_rules"."payment_method_id" IS NULL)),
	CONSTRAINT "tag_method_rules_visibility" CHECK("tag_method_rules"."visibility" IN ('only', 'hidden'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tag_method_rules_shipping_idx` ON `tag_method_rules` (`hub_id`,`tag`,`shipping_method_id`) WHERE "tag_method_rules"."shipping_method_id" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `tag_method_rules_payment_idx` ON `tag_method_rules` (`hub_id`,`tag`,`payment_method_id`) WHERE "tag_method_rules"."payment_method_id" IS NOT NULL;