CREATE TABLE `producer_notices` (
	`cycle_id` integer NOT NULL,
	`producer_id` integer NOT NULL,
	`sent_at` integer NOT NULL,
	PRIMARY KEY(`cycle_id`, `producer_id`),
	FOREIGN KEY (`cycle_id`) REFERENCES `order_cycles`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`producer_id`) REFERENCES `enterprises`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `users` ADD `locale` text;--> statement-breakpoint
-- hand-written
-- Cycles that closed before producers were told by e-mail count as told: the job's first run must not send old lists.
INSERT OR IGNORE INTO `producer_notices` (`cycle_id`, `producer_id`, `sent_at`)
SELECT DISTINCT o.cycle_id, l.producer_id, CAST(unixepoch('subsec') * 1000 AS INTEGER)
FROM `order_lines` l JOIN `orders` o ON o.id = l.order_id JOIN `order_cycles` c ON c.id = o.cycle_id
WHERE c.closes_at <= CAST(unixepoch('subsec') * 1000 AS INTEGER);
