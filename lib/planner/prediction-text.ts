/** One line on a plan's predicted clocks, for the CLI and the plan page (client-safe). */
import type { PredictionInfo } from './types';

const kwhText = (x: number) => `${x.toPrecision(3)} kWh`;

export function predictionLine(p: PredictionInfo, planKwh: number): string {
  if (!p.enabled) return 'Predicted clocks: off (measured clocks only).';
  const made = `${p.points} predicted point${p.points === 1 ? '' : 's'} from ${p.families} clock famil${p.families === 1 ? 'y' : 'ies'}`;
  if (!p.chosenIntervals)
    return `Predicted clocks: ${made}; none chosen (a measured clock was as good or better in every interval).`;
  const only =
    p.measuredOnlyEnergyKwh === null
      ? 'measured clocks alone cannot meet the SLOs everywhere'
      : `the best plan from measured clocks alone takes ${kwhText(p.measuredOnlyEnergyKwh)}, this one ${kwhText(planKwh)} (${(100 * (1 - planKwh / p.measuredOnlyEnergyKwh)).toFixed(1)}% less)`;
  return `Predicted clocks: ${made}; chosen in ${p.chosenIntervals} interval${p.chosenIntervals === 1 ? '' : 's'}; ${only}.`;
}
