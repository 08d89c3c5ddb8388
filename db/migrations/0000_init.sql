CREATE TABLE `studies` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`attribution` text,
	`is_demo` integer DEFAULT false NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `studies_name_uq` ON `studies` (`name`);--> statement-breakpoint
CREATE TABLE `run_blobs` (
	`run_id` integer NOT NULL,
	`kind` text NOT NULL,
	`layout` text NOT NULL,
	`data` blob NOT NULL,
	FOREIGN KEY (`run_id`) REFERENCES `runs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `run_blobs_run_idx` ON `run_blobs` (`run_id`,`kind`);--> statement-breakpoint
CREATE TABLE `runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`study_id` integer NOT NULL,
	`import_id` integer,
	`sweep_point_id` integer,
	`content_hash` text NOT NULL,
	`label` text NOT NULL,
	`created_at` text NOT NULL,
	`measured_at` text,
	`source_kind` text NOT NULL,
	`source_format` text,
	`model_id` text NOT NULL,
	`gpu_model` text NOT NULL,
	`gpu_count` integer NOT NULL,
	`simulated` integer NOT NULL,
	`engine_name` text NOT NULL,
	`sm_clock_mhz` real,
	`power_limit_w` real,
	`tp` integer,
	`pp` integer,
	`max_num_seqs` integer,
	`max_concurrency` integer,
	`request_rate` real,
	`input_len` real,
	`output_len` real,
	`duration_s` real,
	`completed` real,
	`failed` real,
	`request_throughput_rps` real,
	`output_throughput_tps` real,
	`total_throughput_tps` real,
	`goodput_rps` real,
	`ttft_ms_mean` real,
	`ttft_ms_p50` real,
	`ttft_ms_p90` real,
	`ttft_ms_p95` real,
	`ttft_ms_p99` real,
	`tpot_ms_mean` real,
	`tpot_ms_p50` real,
	`tpot_ms_p90` real,
	`tpot_ms_p95` real,
	`tpot_ms_p99` real,
	`itl_ms_mean` real,
	`itl_ms_p50` real,
	`itl_ms_p90` real,
	`itl_ms_p95` real,
	`itl_ms_p99` real,
	`e2e_ms_mean` real,
	`e2e_ms_p50` real,
	`e2e_ms_p90` real,
	`e2e_ms_p95` real,
	`e2e_ms_p99` real,
	`energy_j` real,
	`avg_power_w` real,
	`peak_power_w` real,
	`energy_per_output_token_j` real,
	`energy_per_token_j` real,
	`energy_per_request_j` real,
	`kwh_per_1m_output_tokens` real,
	`kwh_per_1m_tokens` real,
	`doc` text NOT NULL,
	FOREIGN KEY (`study_id`) REFERENCES `studies`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `runs_study_idx` ON `runs` (`study_id`);--> statement-breakpoint
CREATE INDEX `runs_model_idx` ON `runs` (`model_id`);--> statement-breakpoint
CREATE INDEX `runs_gpu_idx` ON `runs` (`gpu_model`);--> statement-breakpoint
CREATE INDEX `runs_engine_idx` ON `runs` (`engine_name`);--> statement-breakpoint
CREATE INDEX `runs_hash_idx` ON `runs` (`content_hash`);--> statement-breakpoint
CREATE INDEX `runs_import_idx` ON `runs` (`import_id`);--> statement-breakpoint
CREATE INDEX `runs_study_eot_idx` ON `runs` (`study_id`,`energy_per_output_token_j`);--> statement-breakpoint
CREATE INDEX `runs_eot_idx` ON `runs` (`energy_per_output_token_j`);--> statement-breakpoint
CREATE INDEX `runs_created_idx` ON `runs` (`created_at`);--> statement-breakpoint
CREATE TABLE `import_files` (
	`sha256` text PRIMARY KEY NOT NULL,
	`import_id` integer NOT NULL,
	`file_name` text NOT NULL,
	FOREIGN KEY (`import_id`) REFERENCES `imports`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `imports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`study_id` integer,
	`files` text NOT NULL,
	`run_count` integer NOT NULL,
	`created_by` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`undone_at` text,
	FOREIGN KEY (`study_id`) REFERENCES `studies`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `imports_created_idx` ON `imports` (`created_at`);