CREATE TABLE `cycle_outgoing_payment_methods` (
	`outgoing_id` integer NOT NULL,
	`method_id` integer NOT NULL,
	PRIMARY KEY(`outgoing_id`, `method_id`),
	FOREIGN KEY (`outgoing_id`) REFERENCES `cycle_outgoing`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`method_id`) REFERENCES `payment_methods`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `cycle_outgoing_payment_methods_method_idx` ON `cycle_outgoing_payment_methods` (`method_id`);--> statement-breakpoint
CREATE TABLE `cycle_outgoing_shipping_methods` (
	`outgoing_id` integer NOT NULL,
	`method_id` integer NOT NULL,
	PRIMARY KEY(`outgoing_id`, `method_id`),
	FOREIGN KEY (`outgoing_id`) REFERENCES `cycle_outgoing`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`method_id`) REFERENCES `shipping_methods`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `cycle_outgoing_shipping_methods_method_idx` ON `cycle_outgoing_shipping_methods` (`method_id`);--> statement-breakpoint
ALTER TABLE `shipping_methods` ADD `zone` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `shipping_methods` ADD `min_order_cents` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `shipping_methods` ADD `free_from_cents` integer;--> statement-breakpoint
-- Backfill: every existing exchange offers all its hub's active methods, as checkout did before.
INSERT INTO `cycle_outgoing_shipping_methods` (`outgoing_id`, `method_id`)
  SELECT co.id, m.id FROM cycle_outgoing co JOIN shipping_methods m ON m.hub_id = co.hub_id AND m.archived_at IS NULL;--> statement-breakpoint
INSERT INTO `cycle_outgoing_payment_methods` (`outgoing_id`, `method_id`)
  SELECT co.id, m.id FROM cycle_outgoing co JOIN payment_methods m ON m.hub_id = co.hub_id AND m.archived_at IS NULL;--> statement-breakpoint
-- A new exchange (created, cloned, seeded, by any path) starts with all its hub's active methods.
CREATE TRIGGER `cycle_outgoing_methods_default` AFTER INSERT ON `cycle_outgoing` BEGIN
  INSERT INTO cycle_outgoing_shipping_methods (outgoing_id, method_id)
    SELECT NEW.id, id FROM shipping_methods WHERE hub_id = NEW.hub_id AND archived_at IS NULL;
  INSERT INTO cycle_outgoing_payment_methods (outgoing_id, method_id)
    SELECT NEW.id, id FROM payment_methods WHERE hub_id = NEW.hub_id AND archived_at IS NULL;
END;--> statement-breakpoint
-- A method the hub adds is offered at once in its cycles that have not closed (as it was when methods
-- belonged to the hub alone); a coordinator unticks it where it should not be.
CREATE TRIGGER `shipping_methods_join_cycles` AFTER INSERT ON `shipping_methods` BEGIN
  INSERT INTO cycle_outgoing_shipping_methods (outgoing_id, method_id)
    SELECT co.id, NEW.id FROM cycle_outgoing co JOIN order_cycles c ON c.id = co.cycle_id
    WHERE co.hub_id = NEW.hub_id AND c.closes_at > unixepoch('subsec') * 1000;
END;--> statement-breakpoint
CREATE TRIGGER `payment_methods_join_cycles` AFTER INSERT ON `payment_methods` BEGIN
  INSERT INTO cycle_outgoing_payment_methods (outgoing_id, method_id)
    SELECT co.id, NEW.id FROM cycle_outgoing co JOIN order_cycles c ON c.id = co.cycle_id
    WHERE co.hub_id = NEW.hub_id AND c.closes_at > unixepoch('subsec') * 1000;
END;
