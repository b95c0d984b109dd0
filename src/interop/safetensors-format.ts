// The safetensors layout shared by the writer and the reader: an 8-byte little-endian header length,
// a UTF-8 JSON header mapping each tensor name to { dtype, shape, data_offsets } (offsets relative to
// the first byte after the header) plus an optional `__metadata__` of string values, then the bytes.
import type { DType } from '../backend/backend.js';

/** The dtypes descent writes and reads as floats. */
export type FloatCode = 'F32' | 'F64';

/** The header keys of the metadata that descent writes. */
export const META = {
  format: 'descent.format',
  model: 'descent.model',
  inputSize: 'descent.inputSize',
  /** An image model's input shape [C, H, W], as JSON; absent for feature vectors. */
  inputShape: 'descent.inputShape',
  dtype: 'descent.dtype',
  extras: 'descent.extras',
  torch: 'torch.sequential',
} as const;

/** The value of META.format. */
export const SAFETENSORS_FORMAT = 'descent-sequential/1';

/** The largest header accepted (the reference implementation's limit, 100 MiB). */
export const MAX_HEADER_BYTES = 100 * 1024 * 1024;

export const codeOf = (dtype: DType): FloatCode => (dtype === 'float64' ? 'F64' : 'F32');
export const dtypeOf = (code: FloatCode): DType => (code === 'F64' ? 'float64' : 'float32');
export const bytesPerCode = (code: string): number => (code === 'F32' ? 4 : 8);
