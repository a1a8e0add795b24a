ALTER TABLE `requests` ADD `asn_proof` enum('registry_contact','peeringdb');--> statement-breakpoint
ALTER TABLE `requests` ADD `asn_proof_detail` varchar(512);--> statement-breakpoint
ALTER TABLE `requests` ADD `asn_proof_at` datetime(3);--> statement-breakpoint
ALTER TABLE `requests` ADD `registry_contacts` json;--> statement-breakpoint
ALTER TABLE `requests` ADD `proof_contact` json;--> statement-breakpoint
ALTER TABLE `requests` ADD `proof_token_hash` varchar(64);--> statement-breakpoint
ALTER TABLE `requests` ADD `proof_expires_at` datetime(3);--> statement-breakpoint
ALTER TABLE `requests` ADD `proof_emails_sent` int unsigned DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `requests` ADD `proof_override_reason` text;--> statement-breakpoint
ALTER TABLE `requests` ADD CONSTRAINT `requests_proof_token_uq` UNIQUE(`proof_token_hash`);