CREATE TABLE `credit_note_lines` (
	`id` integer PRIMARY KEY NOT NULL,
	`credit_note_id` integer NOT NULL,
	`label` text NOT NULL,
	`detail` text,
	`quantity` integer NOT NULL,
	`unit_ttc_cents` integer NOT NULL,
	`total_ttc_cents` integer NOT NULL,
	`vat_rate_bp` integer NOT NULL,
	FOREIGN KEY (`credit_note_id`) REFERENCES `credit_notes`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `credit_note_lines_note_idx` ON `credit_note_lines` (`credit_note_id`);--> statement-breakpoint
CREATE TABLE `credit_notes` (
	`id` integer PRIMARY KEY NOT NULL,
	`enterprise_id` integer NOT NULL,
	`order_id` integer NOT NULL,
	`invoice_id` integer NOT NULL,
	`year` integer NOT NULL,
	`number` integer NOT NULL,
	`cause` text NOT NULL,
	`reason` text,
	`total_ht_cents` integer NOT NULL,
	`total_vat_cents` integer NOT NULL,
	`total_ttc_cents` integer NOT NULL,
	`issued_at` integer NOT NULL,
	FOREIGN KEY (`enterprise_id`) REFERENCES `enterprises`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `credit_notes_number_idx` ON `credit_notes` (`enterprise_id`,`year`,`number`);--> statement-breakpoint
CREATE INDEX `credit_notes_order_idx` ON `credit_notes` (`order_id`);--> statement-breakpoint
CREATE TABLE `invoice_lines` (
	`id` integer PRIMARY KEY NOT NULL,
	`invoice_id` integer NOT NULL,
	`label` text NOT NULL,
	`detail` text,
	`quantity` integer NOT NULL,
	`unit_ttc_cents` integer NOT NULL,
	`total_ttc_cents` integer NOT NULL,
	`vat_rate_bp` integer NOT NULL,
	FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `invoice_lines_invoice_idx` ON `invoice_lines` (`invoice_id`);--> statement-breakpoint
CREATE TABLE `money_back` (
	`id` integer PRIMARY KEY NOT NULL,
	`order_id` integer NOT NULL,
	`kind` text NOT NULL,
	`state` text NOT NULL,
	`amount_cents` integer NOT NULL,
	`stripe_refund_id` text,
	`created_at` integer NOT NULL,
	`repaid_at` integer,
	`repaid_by` integer,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "money_back_amount_positive" CHECK("money_back"."amount_cents" > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `money_back_stripe_refund_id_unique` ON `money_back` (`stripe_refund_id`);--> statement-breakpoint
CREATE INDEX `money_back_order_idx` ON `money_back` (`order_id`);--> statement-breakpoint
DROP INDEX `invoices_order_idx`;--> statement-breakpoint
ALTER TABLE `invoices` ADD `supplements_invoice_id` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `invoices_order_idx` ON `invoices` (`order_id`,`enterprise_id`) WHERE "invoices"."supplements_invoice_id" IS NULL;--> statement-breakpoint
ALTER TABLE `orders` ADD `cancelled_by` text;--> statement-breakpoint
ALTER TABLE `orders` ADD `cancel_reason` text;--> statement-breakpoint
-- hand-written
-- Invoices issued before this migration get the rows they were issued with (the orders have not changed since: corrections come with it).
INSERT INTO invoice_lines (invoice_id, label, detail, quantity, unit_ttc_cents, total_ttc_cents, vat_rate_bp)
SELECT i.id, r.label, r.detail, r.quantity, r.unit_ttc, r.total_ttc, r.vat_rate_bp
FROM invoices i JOIN (
  SELECT 1 AS k, ol.id AS n, ol.order_id AS order_id, ol.product_name || ' — ' || ol.variant_name AS label, e.name AS detail,
    ol.quantity AS quantity, ol.unit_price_cents AS unit_ttc, ol.line_total_cents AS total_ttc, ol.vat_rate_bp AS vat_rate_bp
  FROM order_lines ol JOIN enterprises e ON e.id = ol.producer_id
  UNION ALL
  SELECT 2, f.id, f.order_id, f.name, e.name, 1, f.amount_cents, f.amount_cents, f.vat_rate_bp
  FROM order_fees f JOIN enterprises e ON e.id = f.enterprise_id WHERE f.order_line_id IS NULL AND f.amount_cents <> 0
  UNION ALL
  SELECT 3, 0, o.id, o.shipping_name, NULL, 1, o.shipping_cents, o.shipping_cents, o.shipping_vat_rate_bp
  FROM orders o WHERE o.shipping_cents <> 0
) r ON r.order_id = i.order_id
WHERE NOT EXISTS (SELECT 1 FROM invoice_lines l WHERE l.invoice_id = i.id)
ORDER BY i.id, r.k, r.n;
