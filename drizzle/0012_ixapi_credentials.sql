CREATE TABLE `ixapi_credentials` (
	`id` int AUTO_INCREMENT NOT NULL,
	`user_id` varchar(255) NOT NULL,
	`name` varchar(128) NOT NULL,
	`api_key` varchar(16) NOT NULL,
	`secret_hash` varchar(64) NOT NULL,
	`last_used_at` datetime(3),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `ixapi_credentials_id` PRIMARY KEY(`id`),
	CONSTRAINT `ixapi_credentials_key_uq` UNIQUE(`api_key`)
);
--> statement-breakpoint
ALTER TABLE `ixapi_credentials` ADD CONSTRAINT `ixapi_credentials_user_id_users_id_fk` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `ixapi_credentials_user_idx` ON `ixapi_credentials` (`user_id`);