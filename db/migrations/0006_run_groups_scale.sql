-- Derived data for the dashboard at 100k-1M runs (docs/run-record.md "Derived tables").
-- run_groups: run counts per (study, model, GPU, engine, simulated), so facets and unfiltered
-- counts never scan runs. Inserts add to it in insertRuns (db/queries/runs/insert.ts: one upsert
-- per group and batch; a per-row trigger halved bulk-insert speed); triggers keep it exact on
-- every delete (incl. study cascade and import undo) and update of those columns.
CREATE TABLE `run_groups` (
	`study_id` integer NOT NULL,
	`model_id` text NOT NULL,
	`gpu_model` text NOT NULL,
	`engine_name` text NOT NULL,
	`simulated` integer NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`study_id`, `model_id`, `gpu_model`, `engine_name`, `simulated`)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `run_groups` (`study_id`, `model_id`, `gpu_model`, `engine_name`, `simulated`, `n`)
	SELECT `study_id`, `model_id`, `gpu_model`, `engine_name`, `simulated`, count(*) FROM `runs`
	GROUP BY `study_id`, `model_id`, `gpu_model`, `engine_name`, `simulated`;
--> statement-breakpoint
-- run_epoch: moves on every delete or update of a run (never on insert), so a reader that caches
-- columns of runs can tell "only appended (ids above what I hold)" from "rewritten, reload".
CREATE TABLE `run_epoch` (
	`id` integer PRIMARY KEY NOT NULL CHECK (`id` = 1),
	`epoch` integer NOT NULL
);
--> statement-breakpoint
INSERT INTO `run_epoch` (`id`, `epoch`) VALUES (1, 0);
--> statement-breakpoint
CREATE TRIGGER `runs_groups_delete` AFTER DELETE ON `runs` BEGIN
	UPDATE `run_groups` SET `n` = `n` - 1
	WHERE `study_id` = OLD.`study_id` AND `model_id` = OLD.`model_id` AND `gpu_model` = OLD.`gpu_model`
		AND `engine_name` = OLD.`engine_name` AND `simulated` = OLD.`simulated`;
	DELETE FROM `run_groups`
	WHERE `study_id` = OLD.`study_id` AND `model_id` = OLD.`model_id` AND `gpu_model` = OLD.`gpu_model`
		AND `engine_name` = OLD.`engine_name` AND `simulated` = OLD.`simulated` AND `n` <= 0;
	UPDATE `run_epoch` SET `epoch` = `epoch` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `runs_groups_update` AFTER UPDATE OF `study_id`, `model_id`, `gpu_model`, `engine_name`, `simulated` ON `runs` BEGIN
	UPDATE `run_groups` SET `n` = `n` - 1
	WHERE `study_id` = OLD.`study_id` AND `model_id` = OLD.`model_id` AND `gpu_model` = OLD.`gpu_model`
		AND `engine_name` = OLD.`engine_name` AND `simulated` = OLD.`simulated`;
	DELETE FROM `run_groups`
	WHERE `study_id` = OLD.`study_id` AND `model_id` = OLD.`model_id` AND `gpu_model` = OLD.`gpu_model`
		AND `engine_name` = OLD.`engine_name` AND `simulated` = OLD.`simulated` AND `n` <= 0;
	INSERT INTO `run_groups` (`study_id`, `model_id`, `gpu_model`, `engine_name`, `simulated`, `n`)
	VALUES (NEW.`study_id`, NEW.`model_id`, NEW.`gpu_model`, NEW.`engine_name`, NEW.`simulated`, 1)
	ON CONFLICT DO UPDATE SET `n` = `n` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `runs_epoch_update` AFTER UPDATE ON `runs` BEGIN
	UPDATE `run_epoch` SET `epoch` = `epoch` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
-- The explorer's filters with study_id first: one model (on one GPU) of one study is a range seek.
CREATE INDEX `runs_study_model_gpu_idx` ON `runs` (`study_id`, `model_id`, `gpu_model`);
