CREATE TABLE `enterprise_labels` (
	`enterprise_id` integer NOT NULL,
	`label_id` integer NOT NULL,
	PRIMARY KEY(`enterprise_id`, `label_id`),
	FOREIGN KEY (`enterprise_id`) REFERENCES `enterprises`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`label_id`) REFERENCES `labels`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `enterprise_managers` (
	`user_id` integer NOT NULL,
	`enterprise_id` integer NOT NULL,
	PRIMARY KEY(`user_id`, `enterprise_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`enterprise_id`) REFERENCES `enterprises`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `enterprise_managers_enterprise_idx` ON `enterprise_managers` (`enterprise_id`);--> statement-breakpoint
CREATE TABLE `enterprise_relationships` (
	`producer_id` integer NOT NULL,
	`hub_id` integer NOT NULL,
	`can_add_to_cycles` integer DEFAULT true NOT NULL,
	`can_override_price` integer DEFAULT false NOT NULL,
	`can_override_stock` integer DEFAULT false NOT NULL,
	PRIMARY KEY(`producer_id`, `hub_id`),
	FOREIGN KEY (`producer_id`) REFERENCES `enterprises`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`hub_id`) REFERENCES `enterprises`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `enterprise_relationships_hub_idx` ON `enterprise_relationships` (`hub_id`);--> statement-breakpoint
CREATE TABLE `enterprises` (
	`id` integer PRIMARY KEY NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`is_producer` integer DEFAULT false NOT NULL,
	`is_hub` integer DEFAULT false NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`address_line` text DEFAULT '' NOT NULL,
	`postal_code` text DEFAULT '' NOT NULL,
	`commune` text DEFAULT '' NOT NULL,
	`country` text DEFAULT 'FR' NOT NULL,
	`email` text,
	`phone` text,
	`website` text,
	`logo_key` text,
	`legal_name` text,
	`siret` text,
	`vat_number` text,
	`stripe_account_id` text,
	`terms_text` text,
	`min_order_cents` integer DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `enterprises_slug_unique` ON `enterprises` (`slug`);--> statement-breakpoint
CREATE TABLE `labels` (
	`id` integer PRIMARY KEY NOT NULL,
	`slug` text NOT NULL,
	`name_fr` text NOT NULL,
	`name_en` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `labels_slug_unique` ON `labels` (`slug`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`name` text DEFAULT '' NOT NULL,
	`is_platform_admin` integer DEFAULT false NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);--> statement-breakpoint
CREATE TABLE `categories` (
	`id` integer PRIMARY KEY NOT NULL,
	`slug` text NOT NULL,
	`name_fr` text NOT NULL,
	`name_en` text NOT NULL,
	`position` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `categories_slug_unique` ON `categories` (`slug`);--> statement-breakpoint
CREATE TABLE `product_labels` (
	`product_id` integer NOT NULL,
	`label_id` integer NOT NULL,
	PRIMARY KEY(`product_id`, `label_id`),
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`label_id`) REFERENCES `labels`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `products` (
	`id` integer PRIMARY KEY NOT NULL,
	`producer_id` integer NOT NULL,
	`category_id` integer NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`image_key` text,
	`archived_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`producer_id`) REFERENCES `enterprises`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`category_id`) REFERENCES `categories`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `products_producer_slug_idx` ON `products` (`producer_id`,`slug`);--> statement-breakpoint
CREATE INDEX `products_category_idx` ON `products` (`category_id`);--> statement-breakpoint
CREATE TABLE `variant_overrides` (
	`hub_id` integer NOT NULL,
	`variant_id` integer NOT NULL,
	`price_cents` integer,
	`on_hand` integer,
	`on_demand` integer,
	PRIMARY KEY(`hub_id`, `variant_id`),
	FOREIGN KEY (`hub_id`) REFERENCES `enterprises`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`variant_id`) REFERENCES `variants`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "variant_overrides_on_hand_not_negative" CHECK("variant_overrides"."on_hand" IS NULL OR "variant_overrides"."on_hand" >= 0)
);
--> statement-breakpoint
CREATE TABLE `variants` (
	`id` integer PRIMARY KEY NOT NULL,
	`product_id` integer NOT NULL,
	`name` text NOT NULL,
	`unit_kind` text NOT NULL,
	`unit_value` integer NOT NULL,
	`price_cents` integer NOT NULL,
	`vat_rate_bp` integer NOT NULL,
	`on_hand` integer DEFAULT 0 NOT NULL,
	`on_demand` integer DEFAULT false NOT NULL,
	`max_per_order` integer,
	`position` integer DEFAULT 0 NOT NULL,
	`archived_at` integer,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "variants_on_hand_not_negative" CHECK("variants"."on_hand" >= 0),
	CONSTRAINT "variants_price_not_negative" CHECK("variants"."price_cents" >= 0),
	CONSTRAINT "variants_unit_value_positive" CHECK("variants"."unit_value" > 0)
);
--> statement-breakpoint
CREATE INDEX `variants_product_idx` ON `variants` (`product_id`);--> statement-breakpoint
CREATE TABLE `cycle_incoming` (
	`id` integer PRIMARY KEY NOT NULL,
	`cycle_id` integer NOT NULL,
	`producer_id` integer NOT NULL,
	`reception_instructions` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`cycle_id`) REFERENCES `order_cycles`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`producer_id`) REFERENCES `enterprises`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cycle_incoming_cycle_producer_idx` ON `cycle_incoming` (`cycle_id`,`producer_id`);--> statement-breakpoint
CREATE TABLE `cycle_incoming_variants` (
	`incoming_id` integer NOT NULL,
	`variant_id` integer NOT NULL,
	PRIMARY KEY(`incoming_id`, `variant_id`),
	FOREIGN KEY (`incoming_id`) REFERENCES `cycle_incoming`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`variant_id`) REFERENCES `variants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `cycle_incoming_variants_variant_idx` ON `cycle_incoming_variants` (`variant_id`);--> statement-breakpoint
CREATE TABLE `cycle_outgoing` (
	`id` integer PRIMARY KEY NOT NULL,
	`cycle_id` integer NOT NULL,
	`hub_id` integer NOT NULL,
	`collection_starts_at` integer,
	`collection_ends_at` integer,
	`collection_place` text DEFAULT '' NOT NULL,
	`instructions` text DEFAULT '' NOT NULL,
	`required_tag` text,
	FOREIGN KEY (`cycle_id`) REFERENCES `order_cycles`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`hub_id`) REFERENCES `enterprises`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cycle_outgoing_cycle_hub_idx` ON `cycle_outgoing` (`cycle_id`,`hub_id`);--> statement-breakpoint
CREATE INDEX `cycle_outgoing_hub_idx` ON `cycle_outgoing` (`hub_id`);--> statement-breakpoint
CREATE TABLE `cycle_outgoing_variants` (
	`outgoing_id` integer NOT NULL,
	`variant_id` integer NOT NULL,
	PRIMARY KEY(`outgoing_id`, `variant_id`),
	FOREIGN KEY (`outgoing_id`) REFERENCES `cycle_outgoing`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`variant_id`) REFERENCES `variants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `cycle_outgoing_variants_variant_idx` ON `cycle_outgoing_variants` (`variant_id`);--> statement-breakpoint
CREATE TABLE `order_cycles` (
	`id` integer PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`coordinator_id` integer NOT NULL,
	`opens_at` integer NOT NULL,
	`closes_at` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`coordinator_id`) REFERENCES `enterprises`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "order_cycles_closes_after_opens" CHECK("order_cycles"."closes_at" > "order_cycles"."opens_at")
);
--> statement-breakpoint
CREATE INDEX `order_cycles_coordinator_idx` ON `order_cycles` (`coordinator_id`);--> statement-breakpoint
CREATE INDEX `order_cycles_closes_idx` ON `order_cycles` (`closes_at`);--> statement-breakpoint
CREATE TABLE `cycle_fees` (
	`id` integer PRIMARY KEY NOT NULL,
	`cycle_id` integer NOT NULL,
	`fee_id` integer NOT NULL,
	`role` text NOT NULL,
	`producer_id` integer,
	`hub_id` integer,
	FOREIGN KEY (`cycle_id`) REFERENCES `order_cycles`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`fee_id`) REFERENCES `enterprise_fees`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`producer_id`) REFERENCES `enterprises`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`hub_id`) REFERENCES `enterprises`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `cycle_fees_cycle_idx` ON `cycle_fees` (`cycle_id`);--> statement-breakpoint
CREATE TABLE `enterprise_fees` (
	`id` integer PRIMARY KEY NOT NULL,
	`enterprise_id` integer NOT NULL,
	`name` text NOT NULL,
	`fee_type` text NOT NULL,
	`calculator` text NOT NULL,
	`amount` integer NOT NULL,
	`vat_rate_bp` integer DEFAULT 2000 NOT NULL,
	`archived_at` integer,
	FOREIGN KEY (`enterprise_id`) REFERENCES `enterprises`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "enterprise_fees_amount_not_negative" CHECK("enterprise_fees"."amount" >= 0)
);
--> statement-breakpoint
CREATE INDEX `enterprise_fees_enterprise_idx` ON `enterprise_fees` (`enterprise_id`);--> statement-breakpoint
CREATE TABLE `customer_tags` (
	`customer_id` integer NOT NULL,
	`tag` text NOT NULL,
	PRIMARY KEY(`customer_id`, `tag`),
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `customers` (
	`id` integer PRIMARY KEY NOT NULL,
	`hub_id` integer NOT NULL,
	`email` text NOT NULL,
	`name` text DEFAULT '' NOT NULL,
	`phone` text DEFAULT '' NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`hub_id`) REFERENCES `enterprises`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `customers_hub_email_idx` ON `customers` (`hub_id`,`email`);--> statement-breakpoint
CREATE TABLE `payment_methods` (
	`id` integer PRIMARY KEY NOT NULL,
	`hub_id` integer NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	`archived_at` integer,
	FOREIGN KEY (`hub_id`) REFERENCES `enterprises`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `payment_methods_hub_idx` ON `payment_methods` (`hub_id`);--> statement-breakpoint
CREATE TABLE `shipping_methods` (
	`id` integer PRIMARY KEY NOT NULL,
	`hub_id` integer NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`fee_cents` integer DEFAULT 0 NOT NULL,
	`vat_rate_bp` integer DEFAULT 2000 NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	`archived_at` integer,
	FOREIGN KEY (`hub_id`) REFERENCES `enterprises`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `shipping_methods_hub_idx` ON `shipping_methods` (`hub_id`);--> statement-breakpoint
CREATE TABLE `tag_variant_rules` (
	`id` integer PRIMARY KEY NOT NULL,
	`hub_id` integer NOT NULL,
	`tag` text NOT NULL,
	`variant_id` integer NOT NULL,
	`price_cents` integer,
	FOREIGN KEY (`hub_id`) REFERENCES `enterprises`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`variant_id`) REFERENCES `variants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tag_variant_rules_idx` ON `tag_variant_rules` (`hub_id`,`tag`,`variant_id`);--> statement-breakpoint
CREATE TABLE `cart_lines` (
	`cart_id` integer NOT NULL,
	`variant_id` integer NOT NULL,
	`quantity` integer NOT NULL,
	`added_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`cart_id`, `variant_id`),
	FOREIGN KEY (`cart_id`) REFERENCES `carts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`variant_id`) REFERENCES `variants`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "cart_lines_quantity_positive" CHECK("cart_lines"."quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE `carts` (
	`id` integer PRIMARY KEY NOT NULL,
	`public_id` text NOT NULL,
	`hub_id` integer NOT NULL,
	`cycle_id` integer NOT NULL,
	`customer_id` integer,
	`ordered_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`hub_id`) REFERENCES `enterprises`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`cycle_id`) REFERENCES `order_cycles`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `carts_public_id_unique` ON `carts` (`public_id`);--> statement-breakpoint
CREATE INDEX `carts_cycle_idx` ON `carts` (`cycle_id`);--> statement-breakpoint
CREATE TABLE `order_fees` (
	`id` integer PRIMARY KEY NOT NULL,
	`order_id` integer NOT NULL,
	`order_line_id` integer,
	`enterprise_id` integer NOT NULL,
	`role` text NOT NULL,
	`name` text NOT NULL,
	`amount_cents` integer NOT NULL,
	`vat_rate_bp` integer NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`order_line_id`) REFERENCES `order_lines`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`enterprise_id`) REFERENCES `enterprises`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `order_fees_order_idx` ON `order_fees` (`order_id`);--> statement-breakpoint
CREATE TABLE `order_lines` (
	`id` integer PRIMARY KEY NOT NULL,
	`order_id` integer NOT NULL,
	`variant_id` integer NOT NULL,
	`producer_id` integer NOT NULL,
	`product_name` text NOT NULL,
	`variant_name` text NOT NULL,
	`unit_kind` text NOT NULL,
	`unit_value` integer NOT NULL,
	`quantity` integer NOT NULL,
	`base_price_cents` integer NOT NULL,
	`item_fees_cents` integer NOT NULL,
	`unit_price_cents` integer NOT NULL,
	`line_total_cents` integer NOT NULL,
	`vat_rate_bp` integer NOT NULL,
	`vat_cents` integer NOT NULL,
	`stock_source` text NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`variant_id`) REFERENCES `variants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`producer_id`) REFERENCES `enterprises`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "order_lines_quantity_positive" CHECK("order_lines"."quantity" > 0)
);
--> statement-breakpoint
CREATE INDEX `order_lines_order_idx` ON `order_lines` (`order_id`);--> statement-breakpoint
CREATE INDEX `order_lines_producer_idx` ON `order_lines` (`producer_id`);--> statement-breakpoint
CREATE TABLE `orders` (
	`id` integer PRIMARY KEY NOT NULL,
	`public_id` text NOT NULL,
	`cart_id` integer,
	`hub_id` integer NOT NULL,
	`cycle_id` integer NOT NULL,
	`customer_id` integer,
	`state` text NOT NULL,
	`payment_state` text NOT NULL,
	`locale` text DEFAULT 'fr' NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`phone` text NOT NULL,
	`shipping_method_id` integer,
	`shipping_kind` text NOT NULL,
	`shipping_name` text NOT NULL,
	`address_line` text,
	`postal_code` text,
	`city` text,
	`payment_method_id` integer,
	`payment_kind` text NOT NULL,
	`payment_name` text NOT NULL,
	`items_total_cents` integer NOT NULL,
	`order_fees_cents` integer NOT NULL,
	`shipping_cents` integer NOT NULL,
	`shipping_vat_rate_bp` integer NOT NULL,
	`vat_total_cents` integer NOT NULL,
	`total_cents` integer NOT NULL,
	`reserved_until` integer,
	`placed_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`cart_id`) REFERENCES `carts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`hub_id`) REFERENCES `enterprises`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`cycle_id`) REFERENCES `order_cycles`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`shipping_method_id`) REFERENCES `shipping_methods`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`payment_method_id`) REFERENCES `payment_methods`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `orders_public_id_unique` ON `orders` (`public_id`);--> statement-breakpoint
CREATE INDEX `orders_hub_cycle_idx` ON `orders` (`hub_id`,`cycle_id`);--> statement-breakpoint
CREATE INDEX `orders_cycle_idx` ON `orders` (`cycle_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `orders_cart_idx` ON `orders` (`cart_id`) WHERE "orders"."state" <> 'cancelled';--> statement-breakpoint
CREATE INDEX `orders_reserved_idx` ON `orders` (`state`,`reserved_until`);--> statement-breakpoint
CREATE TABLE `payments` (
	`id` integer PRIMARY KEY NOT NULL,
	`order_id` integer NOT NULL,
	`kind` text NOT NULL,
	`state` text NOT NULL,
	`amount_cents` integer NOT NULL,
	`stripe_session_id` text,
	`checkout_url` text,
	`stripe_payment_intent_id` text,
	`recorded_by` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `payments_stripe_session_id_unique` ON `payments` (`stripe_session_id`);--> statement-breakpoint
CREATE INDEX `payments_order_idx` ON `payments` (`order_id`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY NOT NULL,
	`user_id` integer,
	`enterprise_id` integer,
	`action` text NOT NULL,
	`subject` text NOT NULL,
	`details` text,
	`at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_log_subject_idx` ON `audit_log` (`subject`);--> statement-breakpoint
CREATE INDEX `audit_log_enterprise_idx` ON `audit_log` (`enterprise_id`,`at`);--> statement-breakpoint
CREATE TABLE `catalog_rebuilds` (
	`id` integer PRIMARY KEY NOT NULL,
	`state` text NOT NULL,
	`reason` text NOT NULL,
	`error` text,
	`requested_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`started_at` integer,
	`finished_at` integer
);
--> statement-breakpoint
CREATE TABLE `invoice_counters` (
	`enterprise_id` integer NOT NULL,
	`year` integer NOT NULL,
	`last_number` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`enterprise_id`, `year`),
	FOREIGN KEY (`enterprise_id`) REFERENCES `enterprises`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `invoices` (
	`id` integer PRIMARY KEY NOT NULL,
	`enterprise_id` integer NOT NULL,
	`order_id` integer NOT NULL,
	`year` integer NOT NULL,
	`number` integer NOT NULL,
	`total_ht_cents` integer NOT NULL,
	`total_vat_cents` integer NOT NULL,
	`total_ttc_cents` integer NOT NULL,
	`issued_at` integer NOT NULL,
	FOREIGN KEY (`enterprise_id`) REFERENCES `enterprises`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `invoices_number_idx` ON `invoices` (`enterprise_id`,`year`,`number`);--> statement-breakpoint
CREATE UNIQUE INDEX `invoices_order_idx` ON `invoices` (`order_id`,`enterprise_id`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY NOT NULL,
	`topic` text NOT NULL,
	`recipient` text NOT NULL,
	`locale` text DEFAULT 'fr' NOT NULL,
	`payload` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`sent_at` integer,
	`last_error` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `outbox_pending_idx` ON `outbox` (`sent_at`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `stale_pages` (
	`path` text PRIMARY KEY NOT NULL,
	`reason` text NOT NULL,
	`marked_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `webhook_events` (
	`id` text PRIMARY KEY NOT NULL,
	`provider` text NOT NULL,
	`type` text NOT NULL,
	`received_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `api_tokens` (
	`id` integer PRIMARY KEY NOT NULL,
	`enterprise_id` integer NOT NULL,
	`name` text NOT NULL,
	`token_hash` text NOT NULL,
	`created_by` integer,
	`last_used_at` integer,
	`revoked_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`enterprise_id`) REFERENCES `enterprises`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_token_hash_unique` ON `api_tokens` (`token_hash`);--> statement-breakpoint
CREATE INDEX `api_tokens_enterprise_idx` ON `api_tokens` (`enterprise_id`);--> statement-breakpoint
CREATE TABLE `rate_limits` (
	`key` text NOT NULL,
	`window_start` integer NOT NULL,
	`count` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`key`, `window_start`)
);
--> statement-breakpoint
CREATE TABLE `sessions` (
	`id_hash` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`csrf_token` text NOT NULL,
	`expires_at` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `sign_in_tokens` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sign_in_tokens_email_idx` ON `sign_in_tokens` (`email`);