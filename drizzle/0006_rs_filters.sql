CREATE TABLE `never_via_route_servers_asns` (
	`asn` int unsigned NOT NULL,
	`source` varchar(64) NOT NULL,
	`fetched_at` datetime(3) NOT NULL,
	CONSTRAINT `never_via_route_servers_asns_asn` PRIMARY KEY(`asn`)
);
--> statement-breakpoint
ALTER TABLE `asns` ADD `peeringdb_prefixes_v4` int unsigned;--> statement-breakpoint
ALTER TABLE `asns` ADD `peeringdb_prefixes_v6` int unsigned;