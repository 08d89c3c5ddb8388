import { test as setup } from '@playwright/test';
import { STORAGE_STATE } from '../playwright.config';

// Saves the browser state every other spec starts from (the accounts work logs in here).
setup('browser state', async ({ page }) => {
  await page.goto('/api/health');
  await page.context().storageState({ path: STORAGE_STATE });
});
