/** Where a kill lands. Every kind comes once first, so even a short run covers them all; then by weight. */
import type { Rng } from '../src/emulator/prng.ts';

export const KILL_POINTS = ['sync', 'startup-sync', 'stored-not-applied', 'burst', 'migration', 'anywhere'] as const;
export type KillPoint = (typeof KILL_POINTS)[number];

const WEIGHTS: ReadonlyArray<readonly [KillPoint, number]> = [
  ['sync', 20],
  ['startup-sync', 15],
  ['stored-not-applied', 25],
  ['burst', 10],
  ['migration', 10],
  ['anywhere', 20],
];

export function drawKillPoints(rng: Rng, kills: number): KillPoint[] {
  return Array.from({ length: kills }, (_, i) => KILL_POINTS[i] ?? rng.weighted(WEIGHTS));
}
