CREATE TABLE `rate_limit_buckets` (
	`kind` enum('ip','email') NOT NULL,
	`bucket_key` varchar(255) NOT NULL,
	`window_start` datetime(3) NOT NULL,
	`hits` int unsigned NOT NULL,
	CONSTRAINT `rate_limit_buckets_kind_bucket_key_window_start_pk` PRIMARY KEY(`kind`,`bucket_key`,`window_start`)
);
--> statement-breakpoint
CREATE INDEX `rate_limit_buckets_window_idx` ON `rate_limit_buckets` (`window_start`);