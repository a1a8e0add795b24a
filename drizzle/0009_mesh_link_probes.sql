CREATE TABLE `mesh_link_probes` (
	`from_location_id` int NOT NULL,
	`to_location_id` int NOT NULL,
	`state` enum('up','down'),
	`state_since` datetime(3),
	`lost_in_a_row` int NOT NULL DEFAULT 0,
	`sent` int NOT NULL,
	`received` int NOT NULL,
	`rtt_avg_ms` float,
	`reported_at` datetime(3) NOT NULL,
	CONSTRAINT `mesh_link_probes_from_location_id_to_location_id_pk` PRIMARY KEY(`from_location_id`,`to_location_id`)
);
--> statement-breakpoint
ALTER TABLE `mesh_link_probes` ADD CONSTRAINT `mesh_link_probes_from_location_id_locations_id_fk` FOREIGN KEY (`from_location_id`) REFERENCES `locations`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `mesh_link_probes` ADD CONSTRAINT `mesh_link_probes_to_location_id_locations_id_fk` FOREIGN KEY (`to_location_id`) REFERENCES `locations`(`id`) ON DELETE cascade ON UPDATE no action;