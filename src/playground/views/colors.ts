// Class colours, shared by the boundary, the points and the neuron maps.

/** RGB per class, readable on white and distinct for up to 6 classes. */
export const CLASS_RGB: readonly (readonly [number, number, number])[] = [
  [37, 99, 235], [220, 38, 38], [5, 150, 105], [217, 119, 6], [124, 58, 237], [219, 39, 119],
];

export const rgbOf = (k: number): readonly [number, number, number] => CLASS_RGB[((k % CLASS_RGB.length) + CLASS_RGB.length) % CLASS_RGB.length]!;

export const cssOf = (k: number): string => `rgb(${rgbOf(k).join(',')})`;

/** A diverging blue-white-orange colour for v in [-1, 1] (regression values, neuron outputs). */
export function diverging(v: number): readonly [number, number, number] {
  const t = Math.max(-1, Math.min(1, v));
  return t >= 0
    ? [Math.round(255 - t * (255 - 234)), Math.round(255 - t * (255 - 88)), Math.round(255 - t * (255 - 12))]
    : [Math.round(255 + t * (255 - 37)), Math.round(255 + t * (255 - 99)), Math.round(255 + t * (255 - 235))];
}
