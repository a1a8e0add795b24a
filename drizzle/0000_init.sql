CREATE TABLE `lan_reservations` (
	`id` int AUTO_INCREMENT NOT NULL,
	`lan_id` int NOT NULL,
	`family` tinyint NOT NULL,
	`first_address` varchar(39) NOT NULL,
	`last_address` varchar(39) NOT NULL,
	`purpose` varchar(128) NOT NULL,
	CONSTRAINT `lan_reservations_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `location_tunnel_types` (
	`location_id` int NOT NULL,
	`type` enum('vxlan','eoip','openvpn','zerotier','local','custom') NOT NULL,
	`params` json NOT NULL,
	`enabled` boolean NOT NULL DEFAULT true,
	CONSTRAINT `location_tunnel_types_location_id_type_pk` PRIMARY KEY(`location_id`,`type`)
);
--> statement-breakpoint
CREATE TABLE `locations` (
	`id` int AUTO_INCREMENT NOT NULL,
	`code` varchar(16) NOT NULL,
	`name` varchar(128) NOT NULL,
	`city` varchar(128) NOT NULL,
	`country` varchar(2) NOT NULL,
	`endpoint_ipv4` varchar(15),
	`endpoint_ipv6` varchar(39),
	`management_host` varchar(255),
	`mode` enum('full','satellite') NOT NULL DEFAULT 'full',
	`uplink_location_id` int,
	`mesh_vni` int,
	`peeringdb_facility_id` int,
	`active` boolean NOT NULL DEFAULT true,
	`config_changed_at` datetime(3),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `locations_id` PRIMARY KEY(`id`),
	CONSTRAINT `locations_code_uq` UNIQUE(`code`)
);
--> statement-breakpoint
CREATE TABLE `peering_lans` (
	`id` int AUTO_INCREMENT NOT NULL,
	`name` varchar(64) NOT NULL,
	`ipv4_prefix` varchar(18),
	`ipv6_prefix` varchar(43),
	`allocation_scheme` enum('sequential','ipv4_mirror','asn_embedded') NOT NULL DEFAULT 'sequential',
	`ixf_vlan_id` int NOT NULL,
	`vlan_tag` smallint,
	`mtu` smallint NOT NULL DEFAULT 1500,
	`active` boolean NOT NULL DEFAULT true,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `peering_lans_id` PRIMARY KEY(`id`),
	CONSTRAINT `peering_lans_name_uq` UNIQUE(`name`),
	CONSTRAINT `peering_lans_ixf_vlan_uq` UNIQUE(`ixf_vlan_id`)
);
--> statement-breakpoint
CREATE TABLE `route_servers` (
	`id` int AUTO_INCREMENT NOT NULL,
	`name` varchar(64) NOT NULL,
	`location_id` int NOT NULL,
	`lan_id` int NOT NULL,
	`asn` int unsigned NOT NULL,
	`router_id` varchar(15) NOT NULL,
	`ipv4_address` varchar(15),
	`ipv6_address` varchar(39),
	`control_socket` varchar(255) NOT NULL DEFAULT '/run/bird/bird.ctl',
	`ssh_host` varchar(255),
	`ssh_user` varchar(64),
	`active` boolean NOT NULL DEFAULT true,
	`config_changed_at` datetime(3),
	`last_deployed_at` datetime(3),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `route_servers_id` PRIMARY KEY(`id`),
	CONSTRAINT `route_servers_name_uq` UNIQUE(`name`)
);
--> statement-breakpoint
CREATE TABLE `allocation_locks` (
	`name` varchar(64) NOT NULL,
	`version` bigint unsigned NOT NULL DEFAULT 0,
	CONSTRAINT `allocation_locks_name` PRIMARY KEY(`name`)
);
--> statement-breakpoint
CREATE TABLE `asns` (
	`id` int AUTO_INCREMENT NOT NULL,
	`asn` int unsigned NOT NULL,
	`client_id` int NOT NULL,
	`as_set` varchar(128),
	`irr_source` varchar(64),
	`max_prefix_v4` int unsigned,
	`max_prefix_v6` int unsigned,
	`rs_client` boolean NOT NULL DEFAULT true,
	`blackhole_opt_in` boolean NOT NULL DEFAULT false,
	`peeringdb_net_id` int,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `asns_id` PRIMARY KEY(`id`),
	CONSTRAINT `asns_asn_uq` UNIQUE(`asn`)
);
--> statement-breakpoint
CREATE TABLE `clients` (
	`id` int AUTO_INCREMENT NOT NULL,
	`name` varchar(255) NOT NULL,
	`website` varchar(255),
	`contact_name` varchar(255),
	`contact_email` varchar(255) NOT NULL,
	`contact_phone` varchar(64),
	`noc_email` varchar(255),
	`contact_private` boolean NOT NULL DEFAULT false,
	`peering_policy` enum('open','selective','case-by-case','mandatory') NOT NULL DEFAULT 'open',
	`member_type` enum('peering','ixp','other') NOT NULL DEFAULT 'peering',
	`state` enum('requested','allocated','testing','production','decommission_requested','decommissioned','error') NOT NULL DEFAULT 'requested',
	`notes` text,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `clients_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `connections` (
	`id` int AUTO_INCREMENT NOT NULL,
	`client_id` int NOT NULL,
	`location_id` int NOT NULL,
	`type` enum('vxlan','eoip','openvpn','zerotier','local','custom') NOT NULL,
	`tunnel_id` int unsigned,
	`remote_endpoint` varchar(64),
	`params` json NOT NULL,
	`mac_addresses` json NOT NULL,
	`state` enum('requested','allocated','testing','production','decommission_requested','decommissioned','error') NOT NULL DEFAULT 'requested',
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `connections_id` PRIMARY KEY(`id`),
	CONSTRAINT `connections_tunnel_uq` UNIQUE(`location_id`,`type`,`tunnel_id`)
);
--> statement-breakpoint
CREATE TABLE `ip_route_server_sessions` (
	`ip_id` int NOT NULL,
	`route_server_id` int NOT NULL,
	`state` enum('unknown','up','down') NOT NULL DEFAULT 'unknown',
	`bgp_state` varchar(32),
	`since` datetime(3),
	`last_error` varchar(255),
	`routes_imported` int unsigned,
	`routes_filtered` int unsigned,
	`routes_exported` int unsigned,
	`checked_at` datetime(3) NOT NULL,
	CONSTRAINT `ip_route_server_sessions_ip_id_route_server_id_pk` PRIMARY KEY(`ip_id`,`route_server_id`)
);
--> statement-breakpoint
CREATE TABLE `ips` (
	`id` int AUTO_INCREMENT NOT NULL,
	`lan_id` int NOT NULL,
	`family` tinyint NOT NULL,
	`address` varchar(39) NOT NULL,
	`asn_id` int NOT NULL,
	`connection_id` int,
	`state` enum('requested','allocated','testing','production','decommission_requested','decommissioned','error') NOT NULL DEFAULT 'requested',
	`monitor` boolean NOT NULL DEFAULT true,
	`provisioned` boolean NOT NULL DEFAULT false,
	`pingable` boolean,
	`last_seen_up_at` datetime(3),
	`ping_down_since` datetime(3),
	`rs_session` enum('unknown','up','down') NOT NULL DEFAULT 'unknown',
	`rs_session_down_since` datetime(3),
	`rs_session_last_up_at` datetime(3),
	`deprovisioned_at` datetime(3),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `ips_id` PRIMARY KEY(`id`),
	CONSTRAINT `ips_address_uq` UNIQUE(`address`)
);
--> statement-breakpoint
CREATE TABLE `irr_prefix_sets` (
	`asn_id` int NOT NULL,
	`family` tinyint NOT NULL,
	`prefixes` longtext NOT NULL,
	`source` varchar(128) NOT NULL,
	`fetched_at` datetime(3) NOT NULL,
	`last_error` text,
	CONSTRAINT `irr_prefix_sets_asn_id_family_pk` PRIMARY KEY(`asn_id`,`family`)
);
--> statement-breakpoint
CREATE TABLE `accounts` (
	`user_id` varchar(255) NOT NULL,
	`type` varchar(255) NOT NULL,
	`provider` varchar(255) NOT NULL,
	`provider_account_id` varchar(255) NOT NULL,
	`refresh_token` varchar(2048),
	`access_token` varchar(2048),
	`expires_at` int,
	`token_type` varchar(255),
	`scope` varchar(255),
	`id_token` varchar(2048),
	`session_state` varchar(255),
	CONSTRAINT `accounts_provider_provider_account_id_pk` PRIMARY KEY(`provider`,`provider_account_id`)
);
--> statement-breakpoint
CREATE TABLE `api_tokens` (
	`id` int AUTO_INCREMENT NOT NULL,
	`user_id` varchar(255) NOT NULL,
	`name` varchar(128) NOT NULL,
	`token_hash` varchar(64) NOT NULL,
	`last_used_at` datetime(3),
	`expires_at` datetime(3),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `api_tokens_id` PRIMARY KEY(`id`),
	CONSTRAINT `api_tokens_hash_uq` UNIQUE(`token_hash`)
);
--> statement-breakpoint
CREATE TABLE `sessions` (
	`session_token` varchar(255) NOT NULL,
	`user_id` varchar(255) NOT NULL,
	`expires` timestamp(3) NOT NULL,
	CONSTRAINT `sessions_session_token` PRIMARY KEY(`session_token`)
);
--> statement-breakpoint
CREATE TABLE `users` (
	`id` varchar(255) NOT NULL,
	`name` varchar(255),
	`email` varchar(255) NOT NULL,
	`email_verified` timestamp(3),
	`image` varchar(255),
	`role` enum('member','volunteer','admin') NOT NULL DEFAULT 'member',
	`client_id` int,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `users_id` PRIMARY KEY(`id`),
	CONSTRAINT `users_email_uq` UNIQUE(`email`)
);
--> statement-breakpoint
CREATE TABLE `verification_tokens` (
	`identifier` varchar(255) NOT NULL,
	`token` varchar(255) NOT NULL,
	`expires` timestamp(3) NOT NULL,
	CONSTRAINT `verification_tokens_identifier_token_pk` PRIMARY KEY(`identifier`,`token`)
);
--> statement-breakpoint
CREATE TABLE `requests` (
	`id` int AUTO_INCREMENT NOT NULL,
	`network_name` varchar(255) NOT NULL,
	`asn` int unsigned NOT NULL,
	`contact_email` varchar(255) NOT NULL,
	`website` varchar(255),
	`location_id` int NOT NULL,
	`tunnel_type` enum('vxlan','eoip','openvpn','zerotier','local','custom') NOT NULL,
	`remote_endpoint` varchar(64),
	`wants_ipv4` boolean NOT NULL DEFAULT true,
	`as_set` varchar(128),
	`comments` text,
	`state` enum('unverified','pending','approved','rejected') NOT NULL DEFAULT 'unverified',
	`verification_token_hash` varchar(64),
	`verification_expires_at` datetime(3),
	`verified_at` datetime(3),
	`status_token` varchar(64) NOT NULL,
	`submitter_ip` varchar(45),
	`checks` json,
	`reviewer_user_id` varchar(255),
	`reviewed_at` datetime(3),
	`reject_reason` text,
	`client_id` int,
	`connection_id` int,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `requests_id` PRIMARY KEY(`id`),
	CONSTRAINT `requests_status_token_uq` UNIQUE(`status_token`),
	CONSTRAINT `requests_verification_uq` UNIQUE(`verification_token_hash`)
);
--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`actor` varchar(255) NOT NULL,
	`action` varchar(64) NOT NULL,
	`entity_type` varchar(32) NOT NULL,
	`entity_id` varchar(64) NOT NULL,
	`before` json,
	`after` json,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `audit_log_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `email_outbox` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`dedupe_key` varchar(191) NOT NULL,
	`to_address` varchar(255) NOT NULL,
	`subject` varchar(255) NOT NULL,
	`text_body` mediumtext NOT NULL,
	`status` enum('pending','sent','failed') NOT NULL DEFAULT 'pending',
	`attempts` int NOT NULL DEFAULT 0,
	`next_attempt_at` datetime(3) NOT NULL,
	`last_error` text,
	`sent_at` datetime(3),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `email_outbox_id` PRIMARY KEY(`id`),
	CONSTRAINT `email_outbox_dedupe_uq` UNIQUE(`dedupe_key`)
);
--> statement-breakpoint
CREATE TABLE `job_runs` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`job_name` varchar(64) NOT NULL,
	`worker_id` varchar(128) NOT NULL,
	`started_at` datetime(3) NOT NULL,
	`finished_at` datetime(3),
	`outcome` enum('running','ok','error','skipped') NOT NULL DEFAULT 'running',
	`as_of` datetime(3),
	`dry_run` boolean NOT NULL DEFAULT false,
	`counts` json,
	`error` text,
	CONSTRAINT `job_runs_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `ping_events` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`ip_id` int NOT NULL,
	`state` enum('up','down') NOT NULL,
	`at` datetime(3) NOT NULL,
	CONSTRAINT `ping_events_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `ping_rollups` (
	`ip_id` int NOT NULL,
	`minute` datetime(3) NOT NULL,
	`sent` int unsigned NOT NULL,
	`received` int unsigned NOT NULL,
	`rtt_min_ms` float,
	`rtt_avg_ms` float,
	`rtt_max_ms` float,
	CONSTRAINT `ping_rollups_ip_id_minute_pk` PRIMARY KEY(`ip_id`,`minute`)
);
--> statement-breakpoint
ALTER TABLE `lan_reservations` ADD CONSTRAINT `lan_reservations_lan_id_peering_lans_id_fk` FOREIGN KEY (`lan_id`) REFERENCES `peering_lans`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `location_tunnel_types` ADD CONSTRAINT `location_tunnel_types_location_id_locations_id_fk` FOREIGN KEY (`location_id`) REFERENCES `locations`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `locations` ADD CONSTRAINT `locations_uplink_location_id_locations_id_fk` FOREIGN KEY (`uplink_location_id`) REFERENCES `locations`(`id`) ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `route_servers` ADD CONSTRAINT `route_servers_location_id_locations_id_fk` FOREIGN KEY (`location_id`) REFERENCES `locations`(`id`) ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `route_servers` ADD CONSTRAINT `route_servers_lan_id_peering_lans_id_fk` FOREIGN KEY (`lan_id`) REFERENCES `peering_lans`(`id`) ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `asns` ADD CONSTRAINT `asns_client_id_clients_id_fk` FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `connections` ADD CONSTRAINT `connections_client_id_clients_id_fk` FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `connections` ADD CONSTRAINT `connections_location_id_locations_id_fk` FOREIGN KEY (`location_id`) REFERENCES `locations`(`id`) ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `ip_route_server_sessions` ADD CONSTRAINT `ip_route_server_sessions_ip_id_ips_id_fk` FOREIGN KEY (`ip_id`) REFERENCES `ips`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `ip_route_server_sessions` ADD CONSTRAINT `ip_route_server_sessions_route_server_id_route_servers_id_fk` FOREIGN KEY (`route_server_id`) REFERENCES `route_servers`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `ips` ADD CONSTRAINT `ips_lan_id_peering_lans_id_fk` FOREIGN KEY (`lan_id`) REFERENCES `peering_lans`(`id`) ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `ips` ADD CONSTRAINT `ips_asn_id_asns_id_fk` FOREIGN KEY (`asn_id`) REFERENCES `asns`(`id`) ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `ips` ADD CONSTRAINT `ips_connection_id_connections_id_fk` FOREIGN KEY (`connection_id`) REFERENCES `connections`(`id`) ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `irr_prefix_sets` ADD CONSTRAINT `irr_prefix_sets_asn_id_asns_id_fk` FOREIGN KEY (`asn_id`) REFERENCES `asns`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `accounts` ADD CONSTRAINT `accounts_user_id_users_id_fk` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `api_tokens` ADD CONSTRAINT `api_tokens_user_id_users_id_fk` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `sessions` ADD CONSTRAINT `sessions_user_id_users_id_fk` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `users` ADD CONSTRAINT `users_client_id_clients_id_fk` FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `requests` ADD CONSTRAINT `requests_location_id_locations_id_fk` FOREIGN KEY (`location_id`) REFERENCES `locations`(`id`) ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `requests` ADD CONSTRAINT `requests_reviewer_user_id_users_id_fk` FOREIGN KEY (`reviewer_user_id`) REFERENCES `users`(`id`) ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `requests` ADD CONSTRAINT `requests_client_id_clients_id_fk` FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `requests` ADD CONSTRAINT `requests_connection_id_connections_id_fk` FOREIGN KEY (`connection_id`) REFERENCES `connections`(`id`) ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `ping_events` ADD CONSTRAINT `ping_events_ip_id_ips_id_fk` FOREIGN KEY (`ip_id`) REFERENCES `ips`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `ping_rollups` ADD CONSTRAINT `ping_rollups_ip_id_ips_id_fk` FOREIGN KEY (`ip_id`) REFERENCES `ips`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `lan_reservations_lan_idx` ON `lan_reservations` (`lan_id`);--> statement-breakpoint
CREATE INDEX `asns_client_idx` ON `asns` (`client_id`);--> statement-breakpoint
CREATE INDEX `clients_contact_email_idx` ON `clients` (`contact_email`);--> statement-breakpoint
CREATE INDEX `clients_name_idx` ON `clients` (`name`);--> statement-breakpoint
CREATE INDEX `connections_client_idx` ON `connections` (`client_id`);--> statement-breakpoint
CREATE INDEX `ips_asn_idx` ON `ips` (`asn_id`);--> statement-breakpoint
CREATE INDEX `ips_lan_family_idx` ON `ips` (`lan_id`,`family`);--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE INDEX `users_client_idx` ON `users` (`client_id`);--> statement-breakpoint
CREATE INDEX `requests_state_idx` ON `requests` (`state`,`created_at`);--> statement-breakpoint
CREATE INDEX `requests_asn_idx` ON `requests` (`asn`);--> statement-breakpoint
CREATE INDEX `requests_email_idx` ON `requests` (`contact_email`);--> statement-breakpoint
CREATE INDEX `requests_ip_idx` ON `requests` (`submitter_ip`,`created_at`);--> statement-breakpoint
CREATE INDEX `audit_entity_idx` ON `audit_log` (`entity_type`,`entity_id`);--> statement-breakpoint
CREATE INDEX `audit_created_idx` ON `audit_log` (`created_at`);--> statement-breakpoint
CREATE INDEX `email_outbox_due_idx` ON `email_outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `job_runs_name_started_idx` ON `job_runs` (`job_name`,`started_at`);--> statement-breakpoint
CREATE INDEX `ping_events_ip_at_idx` ON `ping_events` (`ip_id`,`at`);--> statement-breakpoint
CREATE INDEX `ping_rollups_minute_idx` ON `ping_rollups` (`minute`);