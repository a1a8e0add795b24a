CREATE INDEX `clients_state_name_idx` ON `clients` (`state`,`name`);--> statement-breakpoint
CREATE INDEX `clients_created_idx` ON `clients` (`created_at`);--> statement-breakpoint
CREATE INDEX `requests_created_idx` ON `requests` (`created_at`);--> statement-breakpoint
CREATE INDEX `requests_network_name_idx` ON `requests` (`network_name`);--> statement-breakpoint
CREATE INDEX `ping_events_at_idx` ON `ping_events` (`at`);