/**
 * The demo model's architecture: a small conv base nested inside a Sequential head, shaped like a
 * transfer-learning model (`[base, globalAveragePooling2d, dropout, dense(softmax)]`).
 */
import * as tfl from '@tensorflow/tfjs-layers';

/** Options for {@link buildDemoModel}. */
export interface DemoModelOptions {
  /** Input image side in pixels (default 96). */
  size?: number;
  /** Number of classes (default 6). */
  classes?: number;
  /** Seed for the weight initialisers (default 1). */
  seed?: number;
  /** Dropout rate before the classifier (default 0.2). */
  dropout?: number;
  /** Batch normalisation after each conv, before its ReLU (default true). */
  batchNorm?: boolean;
}

/**
 * Builds the untrained demo model. Input: `[B, size, size, 3]` float32 RGB in [0, 1] (bytes / 255).
 * Output: `[B, classes]` softmax probabilities.
 *
 * The outer model is a Sequential whose layer 0 is the Sequential `base`: five 3×3 conv blocks
 * `base_convN` (+ `base_bnN` batch norm + `base_reluN` ReLU, or a conv with a built-in ReLU when
 * `batchNorm` is false) with 16, 32, 48, 64 and 64 filters; blocks 1 and 2 have stride 2 and a 2×2
 * max-pool (`base_pool3`) follows block 3, so the base outputs a `[B, size/8, size/8, 64]` feature
 * map (12 × 12 at 96) from `base_relu5`. The head is global average pooling (`avg_pool`), dropout
 * and a softmax Dense layer (`predictions`).
 *
 * @returns a new model; the caller owns it (`model.dispose()` frees its weights).
 *
 * @example
 * ```ts
 * const model = buildDemoModel({ seed: 7 });
 * model.layers[0].name; // 'base'
 * ```
 * @category Examples
 */
export function buildDemoModel(options: DemoModelOptions = {}): tfl.Sequential {
  const { size = 96, classes = 6, seed = 1, dropout = 0.2, batchNorm = true } = options;
  let layerSeed = seed * 1000;
  const conv = (filters: number, strides: number, name: string, inputShape?: number[]): tfl.layers.Layer[] => {
    const layer = tfl.layers.conv2d({
      filters,
      kernelSize: 3,
      strides,
      padding: 'same',
      activation: batchNorm ? 'linear' : 'relu',
      useBias: !batchNorm,
      kernelInitializer: tfl.initializers.heNormal({ seed: layerSeed++ }),
      name,
      ...(inputShape ? { inputShape } : {}),
    });
    if (!batchNorm) return [layer];
    return [
      layer,
      tfl.layers.batchNormalization({ name: name.replace('conv', 'bn') }),
      tfl.layers.reLU({ name: name.replace('conv', 'relu') }),
    ];
  };
  const base = tfl.sequential({
    name: 'base',
    layers: [
      ...conv(16, 2, 'base_conv1', [size, size, 3]),
      ...conv(32, 2, 'base_conv2'),
      ...conv(48, 1, 'base_conv3'),
      tfl.layers.maxPooling2d({ poolSize: 2, name: 'base_pool3' }),
      ...conv(64, 1, 'base_conv4'),
      ...conv(64, 1, 'base_conv5'),
    ],
  });
  return tfl.sequential({
    name: 'shapes_classifier',
    layers: [
      base,
      tfl.layers.globalAveragePooling2d({ name: 'avg_pool' }),
      tfl.layers.dropout({ rate: dropout, name: 'dropout' }),
      tfl.layers.dense({
        units: classes,
        activation: 'softmax',
        kernelInitializer: tfl.initializers.glorotUniform({ seed: layerSeed++ }),
        name: 'predictions',
      }),
    ],
  });
}

