ALTER TABLE `enterprises` ADD `stripe_charges_enabled` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `enterprises` ADD `stripe_payouts_enabled` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `enterprises` ADD `stripe_details_submitted` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `enterprises` ADD `stripe_synced_at` integer;--> statement-breakpoint
ALTER TABLE `enterprises` ADD `stripe_disconnected_at` integer;--> statement-breakpoint
-- hand-written
-- Hubs whose account was set by hand before onboarding existed took cards: they keep taking them.
UPDATE `enterprises` SET `stripe_charges_enabled` = 1, `stripe_payouts_enabled` = 1, `stripe_details_submitted` = 1 WHERE `stripe_account_id` IS NOT NULL;
