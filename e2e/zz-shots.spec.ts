import { test, expect } from '@playwright/test';
test('shots', async ({ page, request }) => {
  test.setTimeout(400_000);
  const { studies } = (await (await request.get('/api/studies')).json()) as { studies: { id: number; name: string }[] };
  const sim = studies.find((s) => s.name.startsWith('Demo: simulated'))!;
  const urls: [string, string][] = [
    ['default', '/explore'],
    ['configs', `/explore?study=${sim.id}&model=meta-llama/Llama-3.1-8B-Instruct&agg=configs&pred=1`],
    ['configs-all', `/explore?study=${sim.id}&agg=configs&color=model&shape=gpu`],
  ];
  for (const [w, h] of [[1440, 900], [390, 844]]) {
    for (const scheme of ['light', 'dark'] as const) {
      await page.setViewportSize({ width: w, height: h });
      await page.emulateMedia({ colorScheme: scheme });
      for (const [name, url] of urls) {
        if (scheme === 'dark' && name === 'default') continue;
        await page.goto(url);
        await expect(page.getByTestId('explorer')).toHaveAttribute('data-hydrated', '1');
        await page.waitForTimeout(500);
        await page.screenshot({ path: `/tmp/models-shots/${name}-${w}-${scheme}.png`, fullPage: name !== 'default' });
      }
    }
  }
});
