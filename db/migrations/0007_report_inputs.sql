-- Business-unit inputs of a report (traffic, electricity price, grid intensity, PUE / scope):
-- JSON, validated by lib/reports/inputs.ts; NULL = not set yet (the page then derives them from the view).
ALTER TABLE `reports` ADD `inputs` text;
