-- run_groups gains, for every metric and typed knob column, how many of the group's runs have a
-- value (nn_<column>). The explorer's pickers offer only what has data for the selection; that
-- count was a scan of all 44 columns of every matching run, which kept every column of a study in
-- memory and made the first view after an import into that study re-read all of them. Now it is a
-- sum over a few hundred group rows (lib/explore/answers.ts). insertRuns adds to the counts per
-- group and batch; the triggers keep them exact on every delete and update. The column list is
-- GROUP_COUNTED_COLUMNS (db/schema/runs.ts); tests/store/derived.test.ts fails when they differ.
DROP TRIGGER `runs_groups_delete`;
--> statement-breakpoint
DROP TRIGGER `runs_groups_update`;
--> statement-breakpoint
CREATE TABLE `run_groups_new` (
	`study_id` integer NOT NULL,
	`model_id` text NOT NULL,
	`gpu_model` text NOT NULL,
	`engine_name` text NOT NULL,
	`simulated` integer NOT NULL,
	`n` integer NOT NULL,
	`nn_duration_s` integer NOT NULL DEFAULT 0,
	`nn_completed` integer NOT NULL DEFAULT 0,
	`nn_failed` integer NOT NULL DEFAULT 0,
	`nn_request_throughput_rps` integer NOT NULL DEFAULT 0,
	`nn_output_throughput_tps` integer NOT NULL DEFAULT 0,
	`nn_total_throughput_tps` integer NOT NULL DEFAULT 0,
	`nn_goodput_rps` integer NOT NULL DEFAULT 0,
	`nn_ttft_ms_mean` integer NOT NULL DEFAULT 0,
	`nn_ttft_ms_p50` integer NOT NULL DEFAULT 0,
	`nn_ttft_ms_p90` integer NOT NULL DEFAULT 0,
	`nn_ttft_ms_p95` integer NOT NULL DEFAULT 0,
	`nn_ttft_ms_p99` integer NOT NULL DEFAULT 0,
	`nn_tpot_ms_mean` integer NOT NULL DEFAULT 0,
	`nn_tpot_ms_p50` integer NOT NULL DEFAULT 0,
	`nn_tpot_ms_p90` integer NOT NULL DEFAULT 0,
	`nn_tpot_ms_p95` integer NOT NULL DEFAULT 0,
	`nn_tpot_ms_p99` integer NOT NULL DEFAULT 0,
	`nn_itl_ms_mean` integer NOT NULL DEFAULT 0,
	`nn_itl_ms_p50` integer NOT NULL DEFAULT 0,
	`nn_itl_ms_p90` integer NOT NULL DEFAULT 0,
	`nn_itl_ms_p95` integer NOT NULL DEFAULT 0,
	`nn_itl_ms_p99` integer NOT NULL DEFAULT 0,
	`nn_e2e_ms_mean` integer NOT NULL DEFAULT 0,
	`nn_e2e_ms_p50` integer NOT NULL DEFAULT 0,
	`nn_e2e_ms_p90` integer NOT NULL DEFAULT 0,
	`nn_e2e_ms_p95` integer NOT NULL DEFAULT 0,
	`nn_e2e_ms_p99` integer NOT NULL DEFAULT 0,
	`nn_energy_j` integer NOT NULL DEFAULT 0,
	`nn_avg_power_w` integer NOT NULL DEFAULT 0,
	`nn_peak_power_w` integer NOT NULL DEFAULT 0,
	`nn_energy_per_output_token_j` integer NOT NULL DEFAULT 0,
	`nn_energy_per_token_j` integer NOT NULL DEFAULT 0,
	`nn_energy_per_request_j` integer NOT NULL DEFAULT 0,
	`nn_kwh_per_1m_output_tokens` integer NOT NULL DEFAULT 0,
	`nn_kwh_per_1m_tokens` integer NOT NULL DEFAULT 0,
	`nn_sm_clock_mhz` integer NOT NULL DEFAULT 0,
	`nn_power_limit_w` integer NOT NULL DEFAULT 0,
	`nn_tp` integer NOT NULL DEFAULT 0,
	`nn_pp` integer NOT NULL DEFAULT 0,
	`nn_max_num_seqs` integer NOT NULL DEFAULT 0,
	`nn_max_concurrency` integer NOT NULL DEFAULT 0,
	`nn_request_rate` integer NOT NULL DEFAULT 0,
	`nn_input_len` integer NOT NULL DEFAULT 0,
	`nn_output_len` integer NOT NULL DEFAULT 0,
	PRIMARY KEY(`study_id`, `model_id`, `gpu_model`, `engine_name`, `simulated`)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `run_groups_new` (`study_id`, `model_id`, `gpu_model`, `engine_name`, `simulated`, `n`, `nn_duration_s`, `nn_completed`, `nn_failed`, `nn_request_throughput_rps`, `nn_output_throughput_tps`, `nn_total_throughput_tps`, `nn_goodput_rps`, `nn_ttft_ms_mean`, `nn_ttft_ms_p50`, `nn_ttft_ms_p90`, `nn_ttft_ms_p95`, `nn_ttft_ms_p99`, `nn_tpot_ms_mean`, `nn_tpot_ms_p50`, `nn_tpot_ms_p90`, `nn_tpot_ms_p95`, `nn_tpot_ms_p99`, `nn_itl_ms_mean`, `nn_itl_ms_p50`, `nn_itl_ms_p90`, `nn_itl_ms_p95`, `nn_itl_ms_p99`, `nn_e2e_ms_mean`, `nn_e2e_ms_p50`, `nn_e2e_ms_p90`, `nn_e2e_ms_p95`, `nn_e2e_ms_p99`, `nn_energy_j`, `nn_avg_power_w`, `nn_peak_power_w`, `nn_energy_per_output_token_j`, `nn_energy_per_token_j`, `nn_energy_per_request_j`, `nn_kwh_per_1m_output_tokens`, `nn_kwh_per_1m_tokens`, `nn_sm_clock_mhz`, `nn_power_limit_w`, `nn_tp`, `nn_pp`, `nn_max_num_seqs`, `nn_max_concurrency`, `nn_request_rate`, `nn_input_len`, `nn_output_len`)
	SELECT `study_id`, `model_id`, `gpu_model`, `engine_name`, `simulated`, count(*), count(`duration_s`), count(`completed`), count(`failed`), count(`request_throughput_rps`), count(`output_throughput_tps`), count(`total_throughput_tps`), count(`goodput_rps`), count(`ttft_ms_mean`), count(`ttft_ms_p50`), count(`ttft_ms_p90`), count(`ttft_ms_p95`), count(`ttft_ms_p99`), count(`tpot_ms_mean`), count(`tpot_ms_p50`), count(`tpot_ms_p90`), count(`tpot_ms_p95`), count(`tpot_ms_p99`), count(`itl_ms_mean`), count(`itl_ms_p50`), count(`itl_ms_p90`), count(`itl_ms_p95`), count(`itl_ms_p99`), count(`e2e_ms_mean`), count(`e2e_ms_p50`), count(`e2e_ms_p90`), count(`e2e_ms_p95`), count(`e2e_ms_p99`), count(`energy_j`), count(`avg_power_w`), count(`peak_power_w`), count(`energy_per_output_token_j`), count(`energy_per_token_j`), count(`energy_per_request_j`), count(`kwh_per_1m_output_tokens`), count(`kwh_per_1m_tokens`), count(`sm_clock_mhz`), count(`power_limit_w`), count(`tp`), count(`pp`), count(`max_num_seqs`), count(`max_concurrency`), count(`request_rate`), count(`input_len`), count(`output_len`)
	FROM `runs` GROUP BY `study_id`, `model_id`, `gpu_model`, `engine_name`, `simulated`;
--> statement-breakpoint
DROP TABLE `run_groups`;
--> statement-breakpoint
ALTER TABLE `run_groups_new` RENAME TO `run_groups`;
--> statement-breakpoint
CREATE TRIGGER `runs_groups_delete` AFTER DELETE ON `runs` BEGIN
	UPDATE `run_groups` SET `n` = `n` - 1,
		`nn_duration_s` = `nn_duration_s` - (OLD.`duration_s` IS NOT NULL),
		`nn_completed` = `nn_completed` - (OLD.`completed` IS NOT NULL),
		`nn_failed` = `nn_failed` - (OLD.`failed` IS NOT NULL),
		`nn_request_throughput_rps` = `nn_request_throughput_rps` - (OLD.`request_throughput_rps` IS NOT NULL),
		`nn_output_throughput_tps` = `nn_output_throughput_tps` - (OLD.`output_throughput_tps` IS NOT NULL),
		`nn_total_throughput_tps` = `nn_total_throughput_tps` - (OLD.`total_throughput_tps` IS NOT NULL),
		`nn_goodput_rps` = `nn_goodput_rps` - (OLD.`goodput_rps` IS NOT NULL),
		`nn_ttft_ms_mean` = `nn_ttft_ms_mean` - (OLD.`ttft_ms_mean` IS NOT NULL),
		`nn_ttft_ms_p50` = `nn_ttft_ms_p50` - (OLD.`ttft_ms_p50` IS NOT NULL),
		`nn_ttft_ms_p90` = `nn_ttft_ms_p90` - (OLD.`ttft_ms_p90` IS NOT NULL),
		`nn_ttft_ms_p95` = `nn_ttft_ms_p95` - (OLD.`ttft_ms_p95` IS NOT NULL),
		`nn_ttft_ms_p99` = `nn_ttft_ms_p99` - (OLD.`ttft_ms_p99` IS NOT NULL),
		`nn_tpot_ms_mean` = `nn_tpot_ms_mean` - (OLD.`tpot_ms_mean` IS NOT NULL),
		`nn_tpot_ms_p50` = `nn_tpot_ms_p50` - (OLD.`tpot_ms_p50` IS NOT NULL),
		`nn_tpot_ms_p90` = `nn_tpot_ms_p90` - (OLD.`tpot_ms_p90` IS NOT NULL),
		`nn_tpot_ms_p95` = `nn_tpot_ms_p95` - (OLD.`tpot_ms_p95` IS NOT NULL),
		`nn_tpot_ms_p99` = `nn_tpot_ms_p99` - (OLD.`tpot_ms_p99` IS NOT NULL),
		`nn_itl_ms_mean` = `nn_itl_ms_mean` - (OLD.`itl_ms_mean` IS NOT NULL),
		`nn_itl_ms_p50` = `nn_itl_ms_p50` - (OLD.`itl_ms_p50` IS NOT NULL),
		`nn_itl_ms_p90` = `nn_itl_ms_p90` - (OLD.`itl_ms_p90` IS NOT NULL),
		`nn_itl_ms_p95` = `nn_itl_ms_p95` - (OLD.`itl_ms_p95` IS NOT NULL),
		`nn_itl_ms_p99` = `nn_itl_ms_p99` - (OLD.`itl_ms_p99` IS NOT NULL),
		`nn_e2e_ms_mean` = `nn_e2e_ms_mean` - (OLD.`e2e_ms_mean` IS NOT NULL),
		`nn_e2e_ms_p50` = `nn_e2e_ms_p50` - (OLD.`e2e_ms_p50` IS NOT NULL),
		`nn_e2e_ms_p90` = `nn_e2e_ms_p90` - (OLD.`e2e_ms_p90` IS NOT NULL),
		`nn_e2e_ms_p95` = `nn_e2e_ms_p95` - (OLD.`e2e_ms_p95` IS NOT NULL),
		`nn_e2e_ms_p99` = `nn_e2e_ms_p99` - (OLD.`e2e_ms_p99` IS NOT NULL),
		`nn_energy_j` = `nn_energy_j` - (OLD.`energy_j` IS NOT NULL),
		`nn_avg_power_w` = `nn_avg_power_w` - (OLD.`avg_power_w` IS NOT NULL),
		`nn_peak_power_w` = `nn_peak_power_w` - (OLD.`peak_power_w` IS NOT NULL),
		`nn_energy_per_output_token_j` = `nn_energy_per_output_token_j` - (OLD.`energy_per_output_token_j` IS NOT NULL),
		`nn_energy_per_token_j` = `nn_energy_per_token_j` - (OLD.`energy_per_token_j` IS NOT NULL),
		`nn_energy_per_request_j` = `nn_energy_per_request_j` - (OLD.`energy_per_request_j` IS NOT NULL),
		`nn_kwh_per_1m_output_tokens` = `nn_kwh_per_1m_output_tokens` - (OLD.`kwh_per_1m_output_tokens` IS NOT NULL),
		`nn_kwh_per_1m_tokens` = `nn_kwh_per_1m_tokens` - (OLD.`kwh_per_1m_tokens` IS NOT NULL),
		`nn_sm_clock_mhz` = `nn_sm_clock_mhz` - (OLD.`sm_clock_mhz` IS NOT NULL),
		`nn_power_limit_w` = `nn_power_limit_w` - (OLD.`power_limit_w` IS NOT NULL),
		`nn_tp` = `nn_tp` - (OLD.`tp` IS NOT NULL),
		`nn_pp` = `nn_pp` - (OLD.`pp` IS NOT NULL),
		`nn_max_num_seqs` = `nn_max_num_seqs` - (OLD.`max_num_seqs` IS NOT NULL),
		`nn_max_concurrency` = `nn_max_concurrency` - (OLD.`max_concurrency` IS NOT NULL),
		`nn_request_rate` = `nn_request_rate` - (OLD.`request_rate` IS NOT NULL),
		`nn_input_len` = `nn_input_len` - (OLD.`input_len` IS NOT NULL),
		`nn_output_len` = `nn_output_len` - (OLD.`output_len` IS NOT NULL)
	WHERE `study_id` = OLD.`study_id` AND `model_id` = OLD.`model_id` AND `gpu_model` = OLD.`gpu_model`
		AND `engine_name` = OLD.`engine_name` AND `simulated` = OLD.`simulated`;
	DELETE FROM `run_groups`
	WHERE `study_id` = OLD.`study_id` AND `model_id` = OLD.`model_id` AND `gpu_model` = OLD.`gpu_model`
		AND `engine_name` = OLD.`engine_name` AND `simulated` = OLD.`simulated` AND `n` <= 0;
	UPDATE `run_epoch` SET `epoch` = `epoch` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
-- Any update (not only of the group columns): a run's metric or knob value changing moves its counts.
CREATE TRIGGER `runs_groups_update` AFTER UPDATE ON `runs` BEGIN
	UPDATE `run_groups` SET `n` = `n` - 1,
		`nn_duration_s` = `nn_duration_s` - (OLD.`duration_s` IS NOT NULL),
		`nn_completed` = `nn_completed` - (OLD.`completed` IS NOT NULL),
		`nn_failed` = `nn_failed` - (OLD.`failed` IS NOT NULL),
		`nn_request_throughput_rps` = `nn_request_throughput_rps` - (OLD.`request_throughput_rps` IS NOT NULL),
		`nn_output_throughput_tps` = `nn_output_throughput_tps` - (OLD.`output_throughput_tps` IS NOT NULL),
		`nn_total_throughput_tps` = `nn_total_throughput_tps` - (OLD.`total_throughput_tps` IS NOT NULL),
		`nn_goodput_rps` = `nn_goodput_rps` - (OLD.`goodput_rps` IS NOT NULL),
		`nn_ttft_ms_mean` = `nn_ttft_ms_mean` - (OLD.`ttft_ms_mean` IS NOT NULL),
		`nn_ttft_ms_p50` = `nn_ttft_ms_p50` - (OLD.`ttft_ms_p50` IS NOT NULL),
		`nn_ttft_ms_p90` = `nn_ttft_ms_p90` - (OLD.`ttft_ms_p90` IS NOT NULL),
		`nn_ttft_ms_p95` = `nn_ttft_ms_p95` - (OLD.`ttft_ms_p95` IS NOT NULL),
		`nn_ttft_ms_p99` = `nn_ttft_ms_p99` - (OLD.`ttft_ms_p99` IS NOT NULL),
		`nn_tpot_ms_mean` = `nn_tpot_ms_mean` - (OLD.`tpot_ms_mean` IS NOT NULL),
		`nn_tpot_ms_p50` = `nn_tpot_ms_p50` - (OLD.`tpot_ms_p50` IS NOT NULL),
		`nn_tpot_ms_p90` = `nn_tpot_ms_p90` - (OLD.`tpot_ms_p90` IS NOT NULL),
		`nn_tpot_ms_p95` = `nn_tpot_ms_p95` - (OLD.`tpot_ms_p95` IS NOT NULL),
		`nn_tpot_ms_p99` = `nn_tpot_ms_p99` - (OLD.`tpot_ms_p99` IS NOT NULL),
		`nn_itl_ms_mean` = `nn_itl_ms_mean` - (OLD.`itl_ms_mean` IS NOT NULL),
		`nn_itl_ms_p50` = `nn_itl_ms_p50` - (OLD.`itl_ms_p50` IS NOT NULL),
		`nn_itl_ms_p90` = `nn_itl_ms_p90` - (OLD.`itl_ms_p90` IS NOT NULL),
		`nn_itl_ms_p95` = `nn_itl_ms_p95` - (OLD.`itl_ms_p95` IS NOT NULL),
		`nn_itl_ms_p99` = `nn_itl_ms_p99` - (OLD.`itl_ms_p99` IS NOT NULL),
		`nn_e2e_ms_mean` = `nn_e2e_ms_mean` - (OLD.`e2e_ms_mean` IS NOT NULL),
		`nn_e2e_ms_p50` = `nn_e2e_ms_p50` - (OLD.`e2e_ms_p50` IS NOT NULL),
		`nn_e2e_ms_p90` = `nn_e2e_ms_p90` - (OLD.`e2e_ms_p90` IS NOT NULL),
		`nn_e2e_ms_p95` = `nn_e2e_ms_p95` - (OLD.`e2e_ms_p95` IS NOT NULL),
		`nn_e2e_ms_p99` = `nn_e2e_ms_p99` - (OLD.`e2e_ms_p99` IS NOT NULL),
		`nn_energy_j` = `nn_energy_j` - (OLD.`energy_j` IS NOT NULL),
		`nn_avg_power_w` = `nn_avg_power_w` - (OLD.`avg_power_w` IS NOT NULL),
		`nn_peak_power_w` = `nn_peak_power_w` - (OLD.`peak_power_w` IS NOT NULL),
		`nn_energy_per_output_token_j` = `nn_energy_per_output_token_j` - (OLD.`energy_per_output_token_j` IS NOT NULL),
		`nn_energy_per_token_j` = `nn_energy_per_token_j` - (OLD.`energy_per_token_j` IS NOT NULL),
		`nn_energy_per_request_j` = `nn_energy_per_request_j` - (OLD.`energy_per_request_j` IS NOT NULL),
		`nn_kwh_per_1m_output_tokens` = `nn_kwh_per_1m_output_tokens` - (OLD.`kwh_per_1m_output_tokens` IS NOT NULL),
		`nn_kwh_per_1m_tokens` = `nn_kwh_per_1m_tokens` - (OLD.`kwh_per_1m_tokens` IS NOT NULL),
		`nn_sm_clock_mhz` = `nn_sm_clock_mhz` - (OLD.`sm_clock_mhz` IS NOT NULL),
		`nn_power_limit_w` = `nn_power_limit_w` - (OLD.`power_limit_w` IS NOT NULL),
		`nn_tp` = `nn_tp` - (OLD.`tp` IS NOT NULL),
		`nn_pp` = `nn_pp` - (OLD.`pp` IS NOT NULL),
		`nn_max_num_seqs` = `nn_max_num_seqs` - (OLD.`max_num_seqs` IS NOT NULL),
		`nn_max_concurrency` = `nn_max_concurrency` - (OLD.`max_concurrency` IS NOT NULL),
		`nn_request_rate` = `nn_request_rate` - (OLD.`request_rate` IS NOT NULL),
		`nn_input_len` = `nn_input_len` - (OLD.`input_len` IS NOT NULL),
		`nn_output_len` = `nn_output_len` - (OLD.`output_len` IS NOT NULL)
	WHERE `study_id` = OLD.`study_id` AND `model_id` = OLD.`model_id` AND `gpu_model` = OLD.`gpu_model`
		AND `engine_name` = OLD.`engine_name` AND `simulated` = OLD.`simulated`;
	DELETE FROM `run_groups`
	WHERE `study_id` = OLD.`study_id` AND `model_id` = OLD.`model_id` AND `gpu_model` = OLD.`gpu_model`
		AND `engine_name` = OLD.`engine_name` AND `simulated` = OLD.`simulated` AND `n` <= 0;
	INSERT INTO `run_groups` (`study_id`, `model_id`, `gpu_model`, `engine_name`, `simulated`, `n`, `nn_duration_s`, `nn_completed`, `nn_failed`, `nn_request_throughput_rps`, `nn_output_throughput_tps`, `nn_total_throughput_tps`, `nn_goodput_rps`, `nn_ttft_ms_mean`, `nn_ttft_ms_p50`, `nn_ttft_ms_p90`, `nn_ttft_ms_p95`, `nn_ttft_ms_p99`, `nn_tpot_ms_mean`, `nn_tpot_ms_p50`, `nn_tpot_ms_p90`, `nn_tpot_ms_p95`, `nn_tpot_ms_p99`, `nn_itl_ms_mean`, `nn_itl_ms_p50`, `nn_itl_ms_p90`, `nn_itl_ms_p95`, `nn_itl_ms_p99`, `nn_e2e_ms_mean`, `nn_e2e_ms_p50`, `nn_e2e_ms_p90`, `nn_e2e_ms_p95`, `nn_e2e_ms_p99`, `nn_energy_j`, `nn_avg_power_w`, `nn_peak_power_w`, `nn_energy_per_output_token_j`, `nn_energy_per_token_j`, `nn_energy_per_request_j`, `nn_kwh_per_1m_output_tokens`, `nn_kwh_per_1m_tokens`, `nn_sm_clock_mhz`, `nn_power_limit_w`, `nn_tp`, `nn_pp`, `nn_max_num_seqs`, `nn_max_concurrency`, `nn_request_rate`, `nn_input_len`, `nn_output_len`)
	VALUES (NEW.`study_id`, NEW.`model_id`, NEW.`gpu_model`, NEW.`engine_name`, NEW.`simulated`, 1, NEW.`duration_s` IS NOT NULL, NEW.`completed` IS NOT NULL, NEW.`failed` IS NOT NULL, NEW.`request_throughput_rps` IS NOT NULL, NEW.`output_throughput_tps` IS NOT NULL, NEW.`total_throughput_tps` IS NOT NULL, NEW.`goodput_rps` IS NOT NULL, NEW.`ttft_ms_mean` IS NOT NULL, NEW.`ttft_ms_p50` IS NOT NULL, NEW.`ttft_ms_p90` IS NOT NULL, NEW.`ttft_ms_p95` IS NOT NULL, NEW.`ttft_ms_p99` IS NOT NULL, NEW.`tpot_ms_mean` IS NOT NULL, NEW.`tpot_ms_p50` IS NOT NULL, NEW.`tpot_ms_p90` IS NOT NULL, NEW.`tpot_ms_p95` IS NOT NULL, NEW.`tpot_ms_p99` IS NOT NULL, NEW.`itl_ms_mean` IS NOT NULL, NEW.`itl_ms_p50` IS NOT NULL, NEW.`itl_ms_p90` IS NOT NULL, NEW.`itl_ms_p95` IS NOT NULL, NEW.`itl_ms_p99` IS NOT NULL, NEW.`e2e_ms_mean` IS NOT NULL, NEW.`e2e_ms_p50` IS NOT NULL, NEW.`e2e_ms_p90` IS NOT NULL, NEW.`e2e_ms_p95` IS NOT NULL, NEW.`e2e_ms_p99` IS NOT NULL, NEW.`energy_j` IS NOT NULL, NEW.`avg_power_w` IS NOT NULL, NEW.`peak_power_w` IS NOT NULL, NEW.`energy_per_output_token_j` IS NOT NULL, NEW.`energy_per_token_j` IS NOT NULL, NEW.`energy_per_request_j` IS NOT NULL, NEW.`kwh_per_1m_output_tokens` IS NOT NULL, NEW.`kwh_per_1m_tokens` IS NOT NULL, NEW.`sm_clock_mhz` IS NOT NULL, NEW.`power_limit_w` IS NOT NULL, NEW.`tp` IS NOT NULL, NEW.`pp` IS NOT NULL, NEW.`max_num_seqs` IS NOT NULL, NEW.`max_concurrency` IS NOT NULL, NEW.`request_rate` IS NOT NULL, NEW.`input_len` IS NOT NULL, NEW.`output_len` IS NOT NULL)
	ON CONFLICT DO UPDATE SET `n` = `n` + 1,
		`nn_duration_s` = `nn_duration_s` + excluded.`nn_duration_s`,
		`nn_completed` = `nn_completed` + excluded.`nn_completed`,
		`nn_failed` = `nn_failed` + excluded.`nn_failed`,
		`nn_request_throughput_rps` = `nn_request_throughput_rps` + excluded.`nn_request_throughput_rps`,
		`nn_output_throughput_tps` = `nn_output_throughput_tps` + excluded.`nn_output_throughput_tps`,
		`nn_total_throughput_tps` = `nn_total_throughput_tps` + excluded.`nn_total_throughput_tps`,
		`nn_goodput_rps` = `nn_goodput_rps` + excluded.`nn_goodput_rps`,
		`nn_ttft_ms_mean` = `nn_ttft_ms_mean` + excluded.`nn_ttft_ms_mean`,
		`nn_ttft_ms_p50` = `nn_ttft_ms_p50` + excluded.`nn_ttft_ms_p50`,
		`nn_ttft_ms_p90` = `nn_ttft_ms_p90` + excluded.`nn_ttft_ms_p90`,
		`nn_ttft_ms_p95` = `nn_ttft_ms_p95` + excluded.`nn_ttft_ms_p95`,
		`nn_ttft_ms_p99` = `nn_ttft_ms_p99` + excluded.`nn_ttft_ms_p99`,
		`nn_tpot_ms_mean` = `nn_tpot_ms_mean` + excluded.`nn_tpot_ms_mean`,
		`nn_tpot_ms_p50` = `nn_tpot_ms_p50` + excluded.`nn_tpot_ms_p50`,
		`nn_tpot_ms_p90` = `nn_tpot_ms_p90` + excluded.`nn_tpot_ms_p90`,
		`nn_tpot_ms_p95` = `nn_tpot_ms_p95` + excluded.`nn_tpot_ms_p95`,
		`nn_tpot_ms_p99` = `nn_tpot_ms_p99` + excluded.`nn_tpot_ms_p99`,
		`nn_itl_ms_mean` = `nn_itl_ms_mean` + excluded.`nn_itl_ms_mean`,
		`nn_itl_ms_p50` = `nn_itl_ms_p50` + excluded.`nn_itl_ms_p50`,
		`nn_itl_ms_p90` = `nn_itl_ms_p90` + excluded.`nn_itl_ms_p90`,
		`nn_itl_ms_p95` = `nn_itl_ms_p95` + excluded.`nn_itl_ms_p95`,
		`nn_itl_ms_p99` = `nn_itl_ms_p99` + excluded.`nn_itl_ms_p99`,
		`nn_e2e_ms_mean` = `nn_e2e_ms_mean` + excluded.`nn_e2e_ms_mean`,
		`nn_e2e_ms_p50` = `nn_e2e_ms_p50` + excluded.`nn_e2e_ms_p50`,
		`nn_e2e_ms_p90` = `nn_e2e_ms_p90` + excluded.`nn_e2e_ms_p90`,
		`nn_e2e_ms_p95` = `nn_e2e_ms_p95` + excluded.`nn_e2e_ms_p95`,
		`nn_e2e_ms_p99` = `nn_e2e_ms_p99` + excluded.`nn_e2e_ms_p99`,
		`nn_energy_j` = `nn_energy_j` + excluded.`nn_energy_j`,
		`nn_avg_power_w` = `nn_avg_power_w` + excluded.`nn_avg_power_w`,
		`nn_peak_power_w` = `nn_peak_power_w` + excluded.`nn_peak_power_w`,
		`nn_energy_per_output_token_j` = `nn_energy_per_output_token_j` + excluded.`nn_energy_per_output_token_j`,
		`nn_energy_per_token_j` = `nn_energy_per_token_j` + excluded.`nn_energy_per_token_j`,
		`nn_energy_per_request_j` = `nn_energy_per_request_j` + excluded.`nn_energy_per_request_j`,
		`nn_kwh_per_1m_output_tokens` = `nn_kwh_per_1m_output_tokens` + excluded.`nn_kwh_per_1m_output_tokens`,
		`nn_kwh_per_1m_tokens` = `nn_kwh_per_1m_tokens` + excluded.`nn_kwh_per_1m_tokens`,
		`nn_sm_clock_mhz` = `nn_sm_clock_mhz` + excluded.`nn_sm_clock_mhz`,
		`nn_power_limit_w` = `nn_power_limit_w` + excluded.`nn_power_limit_w`,
		`nn_tp` = `nn_tp` + excluded.`nn_tp`,
		`nn_pp` = `nn_pp` + excluded.`nn_pp`,
		`nn_max_num_seqs` = `nn_max_num_seqs` + excluded.`nn_max_num_seqs`,
		`nn_max_concurrency` = `nn_max_concurrency` + excluded.`nn_max_concurrency`,
		`nn_request_rate` = `nn_request_rate` + excluded.`nn_request_rate`,
		`nn_input_len` = `nn_input_len` + excluded.`nn_input_len`,
		`nn_output_len` = `nn_output_len` + excluded.`nn_output_len`;
END;
