-- Plans (issue 16): a workload planner's inputs (study, model, workload, SLOs, interval, options),
-- its result (schedule, totals, reasons, assumptions) and its latest validation by replay, as JSON
-- validated by lib/planner/inputs.ts. Study/model/workload are columns so that lists never parse JSON.
CREATE TABLE `plans` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text NOT NULL,
	`study_id` integer,
	`model` text NOT NULL,
	`workload_ref` text NOT NULL,
	`inputs` text NOT NULL,
	`result` text NOT NULL,
	`validation` text,
	`created_by` integer,
	`created_by_name` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`study_id`) REFERENCES `studies`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `plans_created_idx` ON `plans` (`created_at`);
