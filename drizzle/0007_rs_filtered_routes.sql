CREATE TABLE `route_server_filtered_routes` (
	`route_server_id` int NOT NULL,
	`family` tinyint NOT NULL,
	`reason` varchar(32) NOT NULL,
	`routes` int unsigned NOT NULL,
	`checked_at` datetime(3) NOT NULL,
	CONSTRAINT `route_server_filtered_routes_route_server_id_family_reason_pk` PRIMARY KEY(`route_server_id`,`family`,`reason`)
);
--> statement-breakpoint
ALTER TABLE `route_server_filtered_routes` ADD CONSTRAINT `route_server_filtered_routes_route_server_id_route_servers_id_fk` FOREIGN KEY (`route_server_id`) REFERENCES `route_servers`(`id`) ON DELETE cascade ON UPDATE no action;