CREATE TABLE `sweep_points` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`sweep_id` integer NOT NULL,
	`idx` integer NOT NULL,
	`rep` integer DEFAULT 0 NOT NULL,
	`knobs` text NOT NULL,
	`state` text DEFAULT 'queued' NOT NULL,
	`phase` text,
	`reason` text,
	`run_id` integer,
	`attempt` integer DEFAULT 0 NOT NULL,
	`cancel_requested` integer DEFAULT false NOT NULL,
	`worker_id` text,
	`lease_until` integer,
	`external_id` text,
	`job_dir` text,
	`started_at` text,
	`finished_at` text,
	`updated_at` integer,
	FOREIGN KEY (`sweep_id`) REFERENCES `sweeps`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sweep_points_sweep_idx` ON `sweep_points` (`sweep_id`,`idx`);--> statement-breakpoint
CREATE INDEX `sweep_points_state_idx` ON `sweep_points` (`state`);--> statement-breakpoint
CREATE TABLE `sweep_samples` (
	`point_id` integer NOT NULL,
	`attempt` integer NOT NULL,
	`t_s` real NOT NULL,
	`power_w` real,
	`sm_clock_mhz` real,
	FOREIGN KEY (`point_id`) REFERENCES `sweep_points`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sweep_samples_point_idx` ON `sweep_samples` (`point_id`,`attempt`,`t_s`);--> statement-breakpoint
CREATE TABLE `sweeps` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`study_id` integer,
	`executor` text NOT NULL,
	`simulated` integer NOT NULL,
	`spec` text NOT NULL,
	`state` text NOT NULL,
	`cancel_requested` integer DEFAULT false NOT NULL,
	`created_by` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`started_at` text,
	`finished_at` text,
	FOREIGN KEY (`study_id`) REFERENCES `studies`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `sweeps_state_idx` ON `sweeps` (`state`);