CREATE TABLE `pacing_slots` (
	`name` varchar(191) NOT NULL,
	`next_start_at` datetime(3) NOT NULL,
	CONSTRAINT `pacing_slots_name` PRIMARY KEY(`name`)
);
--> statement-breakpoint
ALTER TABLE `rate_limit_buckets` MODIFY COLUMN `kind` enum('ip','email','lg') NOT NULL;