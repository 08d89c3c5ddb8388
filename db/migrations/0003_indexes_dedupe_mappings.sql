CREATE TABLE `import_mappings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`mapping` text NOT NULL,
	`created_by` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `import_mappings_name_uq` ON `import_mappings` (`name`);--> statement-breakpoint
DROP INDEX `runs_study_idx`;--> statement-breakpoint
DROP INDEX `runs_hash_idx`;--> statement-breakpoint
DROP INDEX `runs_study_eot_idx`;--> statement-breakpoint
DROP INDEX `runs_created_idx`;--> statement-breakpoint
CREATE INDEX `runs_study_hash_idx` ON `runs` (`study_id`,`content_hash`);--> statement-breakpoint
CREATE INDEX `runs_sweep_point_idx` ON `runs` (`sweep_point_id`) WHERE "runs"."sweep_point_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `runs_sm_clock_mhz_idx` ON `runs` (`sm_clock_mhz`);--> statement-breakpoint
CREATE INDEX `runs_power_limit_w_idx` ON `runs` (`power_limit_w`);--> statement-breakpoint
CREATE INDEX `runs_tp_idx` ON `runs` (`tp`);--> statement-breakpoint
CREATE INDEX `runs_max_num_seqs_idx` ON `runs` (`max_num_seqs`);--> statement-breakpoint
CREATE INDEX `runs_output_throughput_tps_idx` ON `runs` (`output_throughput_tps`);--> statement-breakpoint
CREATE INDEX `runs_ttft_ms_p99_idx` ON `runs` (`ttft_ms_p99`);--> statement-breakpoint
CREATE INDEX `runs_tpot_ms_p99_idx` ON `runs` (`tpot_ms_p99`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_import_files` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`sha256` text NOT NULL,
	`import_id` integer NOT NULL,
	`file_name` text NOT NULL,
	`run_count` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`import_id`) REFERENCES `imports`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
-- Hand-edited: the old table had no id/run_count. run_count = runs of that batch that came from the file.
INSERT INTO `__new_import_files`("sha256", "import_id", "file_name", "run_count") SELECT f."sha256", f."import_id", f."file_name", (SELECT count(*) FROM `runs` r WHERE r."import_id" = f."import_id" AND json_extract(r."doc", '$.source.file_sha256') = f."sha256") FROM `import_files` f;--> statement-breakpoint
DROP TABLE `import_files`;--> statement-breakpoint
ALTER TABLE `__new_import_files` RENAME TO `import_files`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `import_files_sha_idx` ON `import_files` (`sha256`);