/** Ten well-separated line colours (Tableau 10), for the first ten runs. */
const PALETTE = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#7f7f7f',
];

/**
 * The colour of the i-th plotted run: the palette first, then hues a golden angle apart with
 * alternating lightness, so any number of runs get colours no two of which are the same.
 */
export function runColour(i: number): string {
  if (i < PALETTE.length) return PALETTE[i] as string;
  const k = i - PALETTE.length;
  const hue = (k * 137.508 + 20) % 360;
  const lightness = [42, 58, 34][k % 3];
  return `hsl(${hue.toFixed(1)} 70% ${lightness}%)`;
}

/** Step ticks: whole numbers only (1, 2, 5, 10, 20, 50, …), never 0.5 of a step. */
export const INTEGER_INCREMENTS: number[] = Array.from({ length: 12 }, (_, e) =>
  [1, 2, 5].map((m) => m * 10 ** e),
).flat();
