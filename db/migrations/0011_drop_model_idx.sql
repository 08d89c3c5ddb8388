-- runs_model_idx (model_id) is a prefix of runs_model_gpu_idx (model_id, gpu_model): every
-- model_id lookup can seek the latter, so the former only cost bulk-insert time (one more random
-- B-tree insert per run; bench/store.ts).
DROP INDEX IF EXISTS `runs_model_idx`;
