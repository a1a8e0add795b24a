CREATE TABLE `maintenance_windows` (
	`id` int AUTO_INCREMENT NOT NULL,
	`scope` enum('pop','route-server','ix') NOT NULL,
	`location_id` int,
	`route_server_id` int,
	`starts_at` datetime(3) NOT NULL,
	`ends_at` datetime(3) NOT NULL,
	`reason` varchar(500) NOT NULL,
	`impact` text NOT NULL,
	`created_by` varchar(255) NOT NULL,
	`cancelled_at` datetime(3),
	`shutdown_signalled_at` datetime(3),
	`reminded_at` datetime(3),
	`ended_at` datetime(3),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `maintenance_windows_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
ALTER TABLE `maintenance_windows` ADD CONSTRAINT `maintenance_windows_location_id_locations_id_fk` FOREIGN KEY (`location_id`) REFERENCES `locations`(`id`) ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `maintenance_windows` ADD CONSTRAINT `maintenance_windows_route_server_id_route_servers_id_fk` FOREIGN KEY (`route_server_id`) REFERENCES `route_servers`(`id`) ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `maintenance_windows_ends_idx` ON `maintenance_windows` (`ends_at`);