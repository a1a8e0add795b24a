-- Existing tokens keep what they could do before scopes existed: every scope their user's role allows
-- (src/shared/api-scopes.ts at this migration). Narrower tokens are made anew (docs/API.md).
ALTER TABLE `api_tokens` ADD `scopes` json;--> statement-breakpoint
ALTER TABLE `api_tokens` ADD `allowed_addresses` json;--> statement-breakpoint
UPDATE `api_tokens` t JOIN `users` u ON u.`id` = t.`user_id` SET t.`allowed_addresses` = '[]', t.`scopes` = CASE WHEN u.`role` = 'member'
  THEN '["members:read","members:write","network:read"]'
  ELSE '["members:read","members:write","network:read","network:write","requests:read","requests:write","routeservers:deploy","matrix:read","matrix:report","lan:report"]' END;--> statement-breakpoint
ALTER TABLE `api_tokens` MODIFY `scopes` json NOT NULL;--> statement-breakpoint
ALTER TABLE `api_tokens` MODIFY `allowed_addresses` json NOT NULL;
