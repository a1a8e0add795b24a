CREATE INDEX `asns_updated_idx` ON `asns` (`updated_at`);--> statement-breakpoint
CREATE INDEX `clients_updated_idx` ON `clients` (`updated_at`);--> statement-breakpoint
CREATE INDEX `connections_updated_idx` ON `connections` (`updated_at`);--> statement-breakpoint
CREATE INDEX `ip_rs_sessions_checked_idx` ON `ip_route_server_sessions` (`checked_at`);--> statement-breakpoint
CREATE INDEX `ips_updated_idx` ON `ips` (`updated_at`);