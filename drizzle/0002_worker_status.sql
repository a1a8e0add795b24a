CREATE TABLE `worker_status` (
	`worker_id` varchar(128) NOT NULL,
	`hostname` varchar(255) NOT NULL,
	`pid` int NOT NULL,
	`started_at` datetime(3) NOT NULL,
	`heartbeat_at` datetime(3) NOT NULL,
	`services` json,
	CONSTRAINT `worker_status_worker_id` PRIMARY KEY(`worker_id`)
);
--> statement-breakpoint
ALTER TABLE `job_runs` ADD `scheduled_for` datetime(3);--> statement-breakpoint
ALTER TABLE `job_runs` ADD CONSTRAINT `job_runs_slot_uq` UNIQUE(`job_name`,`scheduled_for`);