CREATE TABLE `leases` (
	`name` varchar(191) NOT NULL,
	`holder` varchar(191),
	`token` bigint unsigned NOT NULL,
	`expires_at` datetime(3) NOT NULL,
	`acquired_at` datetime(3) NOT NULL,
	CONSTRAINT `leases_name` PRIMARY KEY(`name`)
);
