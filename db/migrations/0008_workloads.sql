-- Stored workloads (issue 16): uploaded request traces and synthetic ones. The requests are one
-- gzipped JSON blob (lib/workloads/codec.ts); name, counts and duration are columns so that lists
-- never decode it. Built-in traces (builtin:azure-*) are files in traces/, not rows.
CREATE TABLE `workloads` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`source` text NOT NULL,
	`file_name` text,
	`spec` text,
	`attribution` text,
	`started_at` text,
	`duration_s` real NOT NULL,
	`request_count` integer NOT NULL,
	`requests` blob NOT NULL,
	`created_by` integer,
	`created_by_name` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `workloads_created_idx` ON `workloads` (`created_at`);
