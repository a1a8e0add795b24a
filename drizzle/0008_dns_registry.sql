CREATE TABLE `dns_zones` (
	`name` varchar(255) NOT NULL,
	`content_hash` char(64) NOT NULL,
	`serial` int unsigned NOT NULL,
	`changed_at` datetime(3) NOT NULL,
	CONSTRAINT `dns_zones_name` PRIMARY KEY(`name`)
);
--> statement-breakpoint
CREATE TABLE `registry_objects` (
	`kind` varchar(16) NOT NULL,
	`published_text` mediumtext NOT NULL,
	`published_at` datetime(3) NOT NULL,
	`published_by` varchar(255) NOT NULL,
	CONSTRAINT `registry_objects_kind` PRIMARY KEY(`kind`)
);
