ALTER TABLE `clients` MODIFY COLUMN `contact_private` boolean NOT NULL DEFAULT true;--> statement-breakpoint
ALTER TABLE `connections` ADD `if_speed_mbps` int unsigned;--> statement-breakpoint
ALTER TABLE `requests` ADD `publish_contact` boolean DEFAULT false NOT NULL;