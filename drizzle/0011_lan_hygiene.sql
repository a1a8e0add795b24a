CREATE TABLE `lan_findings` (
	`id` int AUTO_INCREMENT NOT NULL,
	`location_id` int NOT NULL,
	`kind` enum('unregistered_mac','ip_wrong_mac','unallocated_ip','duplicate_ip','proxy_arp','foreign_frame') NOT NULL,
	`port` varchar(15) NOT NULL,
	`mac` varchar(17) NOT NULL,
	`ip` varchar(39) NOT NULL,
	`detail` varchar(255) NOT NULL,
	`client_id` int,
	`connection_id` int,
	`first_seen_at` datetime(3) NOT NULL,
	`last_seen_at` datetime(3) NOT NULL,
	`resolved_at` datetime(3),
	CONSTRAINT `lan_findings_id` PRIMARY KEY(`id`),
	CONSTRAINT `lan_findings_uq` UNIQUE(`location_id`,`kind`,`port`,`mac`,`ip`)
);
--> statement-breakpoint
CREATE TABLE `lan_sightings` (
	`location_id` int NOT NULL,
	`mac` varchar(17) NOT NULL,
	`ip` varchar(39) NOT NULL,
	`port` varchar(15) NOT NULL,
	`last_seen_at` datetime(3) NOT NULL,
	CONSTRAINT `lan_sightings_location_id_mac_ip_pk` PRIMARY KEY(`location_id`,`mac`,`ip`)
);
--> statement-breakpoint
ALTER TABLE `locations` ADD `enforce_registered_macs` boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `lan_findings` ADD CONSTRAINT `lan_findings_location_id_locations_id_fk` FOREIGN KEY (`location_id`) REFERENCES `locations`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `lan_findings` ADD CONSTRAINT `lan_findings_client_id_clients_id_fk` FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `lan_findings` ADD CONSTRAINT `lan_findings_connection_id_connections_id_fk` FOREIGN KEY (`connection_id`) REFERENCES `connections`(`id`) ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `lan_sightings` ADD CONSTRAINT `lan_sightings_location_id_locations_id_fk` FOREIGN KEY (`location_id`) REFERENCES `locations`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `lan_findings_client_idx` ON `lan_findings` (`client_id`);--> statement-breakpoint
CREATE INDEX `lan_findings_open_idx` ON `lan_findings` (`resolved_at`,`kind`);--> statement-breakpoint
CREATE INDEX `lan_sightings_ip_idx` ON `lan_sightings` (`location_id`,`ip`);