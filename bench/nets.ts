/**
 * Benchmark networks: MobileNetV2 (alpha 1.0) and ResNet18 topologies built with tfjs-layers,
 * with seeded random weights (no training). Layer names follow Keras' applications
 * (`block_3_expand`, `block_8_add`, `out_relu`; `conv2_block1_out`, `conv5_block2_out`) so the
 * benchmark targets read like the layers users pick on the pretrained models.
 */
import * as tfl from '@tensorflow/tfjs-layers';

type SymbolicTensor = tfl.SymbolicTensor;
type Initializer = ReturnType<typeof tfl.initializers.heNormal>;

/** The three block outputs a benchmark explains: near the output, mid-network and early. */
export interface BenchBlocks {
  /** The last block output (the default Grad-CAM layer), 7×7 at 224. */
  last: string;
  /** A mid-network block output, 14×14 at 224. */
  middle: string;
  /** An early block output, 56×56 at 224. */
  early: string;
}

/** A benchmark network and the layers to explain on it. */
export interface BenchNet {
  model: tfl.LayersModel;
  blocks: BenchBlocks;
}

/** Blocks explained on {@link mobileNetV2Like}. */
export const mobileNetV2Blocks: BenchBlocks = { last: 'out_relu', middle: 'block_8_add', early: 'block_2_add' };

/** Blocks explained on {@link resNet18Like}. */
export const resNet18Blocks: BenchBlocks = { last: 'conv5_block2_out', middle: 'conv4_block1_out', early: 'conv2_block2_out' };

interface Seeded {
  /** He normal for a regular convolution (fan-in = kh·kw·inputChannels). */
  he: () => Initializer;
  /**
   * He normal for a depthwise kernel [kh,kw,C,1]: each output sees only kh·kw inputs. (heNormal
   * would count kh·kw·C as the fan-in, and activations would vanish block after block.)
   */
  depthwise: (kernelSize: number) => Initializer;
  glorot: () => Initializer;
}

/** Seeded initialisers: each call gets its own seed, so a rebuilt net has the same weights. */
function seeds(start: number): Seeded {
  let seed = start;
  return {
    he: () => tfl.initializers.heNormal({ seed: seed++ }),
    depthwise: (k) => tfl.initializers.randomNormal({ mean: 0, stddev: Math.sqrt(2 / (k * k)), seed: seed++ }),
    glorot: () => tfl.initializers.glorotUniform({ seed: seed++ }),
  };
}

function checkSize(fn: string, size: number, classes: number): void {
  if (!Number.isInteger(size) || size < 32 || size % 32 !== 0) {
    throw new Error(`${fn}: size must be a multiple of 32 and at least 32 (the nets downsample by 32), received ${size}`);
  }
  if (!Number.isInteger(classes) || classes < 2) {
    throw new Error(`${fn}: classes must be an integer ≥ 2, received ${classes}`);
  }
}

/** MobileNetV2 inverted-residual settings (t, c, n, s) from Sandler et al. 2018, Table 2. */
const MOBILENET_V2_STAGES: Array<[expansion: number, channels: number, repeats: number, stride: number]> = [
  [1, 16, 1, 1],
  [6, 24, 2, 2],
  [6, 32, 3, 2],
  [6, 64, 4, 2],
  [6, 96, 3, 1],
  [6, 160, 3, 2],
  [6, 320, 1, 1],
];

/**
 * MobileNetV2 (alpha 1.0) with Keras' layer names and random seeded weights: stem Conv2D 3×3/2 +
 * BN + ReLU6, 17 inverted-residual blocks (expand 1×1 + BN + ReLU6, depthwise 3×3 + BN + ReLU6,
 * project 1×1 + BN, Add where the stride is 1 and the channels match), Conv2D 1×1 1280 + BN +
 * ReLU6 (`out_relu`), global average pooling and a softmax Dense. All convolutions use 'same'
 * padding and no bias.
 *
 * @param size input height and width (multiple of 32; default 224).
 * @param classes output classes (default 1000).
 * @param seed first initialiser seed (default 1).
 * @returns the model, input [null,size,size,3], output [null,classes]; the caller owns it.
 * @example
 * ```ts
 * const model = mobileNetV2Like(224);
 * const cam = gradCam(model, image, { layerName: mobileNetV2Blocks.middle });
 * ```
 * @category Bench
 */
export function mobileNetV2Like(size = 224, classes = 1000, seed = 1): tfl.LayersModel {
  checkSize('mobileNetV2Like()', size, classes);
  const init = seeds(seed);
  const conv = (x: SymbolicTensor, filters: number, kernelSize: number, strides: number, name: string): SymbolicTensor =>
    tfl.layers
      .conv2d({ filters, kernelSize, strides, padding: 'same', useBias: false, kernelInitializer: init.he(), name })
      .apply(x) as SymbolicTensor;
  const bn = (x: SymbolicTensor, name: string): SymbolicTensor =>
    tfl.layers.batchNormalization({ epsilon: 1e-3, momentum: 0.999, name }).apply(x) as SymbolicTensor;
  const relu6 = (x: SymbolicTensor, name: string): SymbolicTensor => tfl.layers.reLU({ maxValue: 6, name }).apply(x) as SymbolicTensor;

  const input = tfl.input({ shape: [size, size, 3], name: 'input_1' });
  let x = relu6(bn(conv(input, 32, 3, 2, 'Conv1'), 'bn_Conv1'), 'Conv1_relu');
  let channels = 32;
  let block = 0;
  for (const [t, c, n, s] of MOBILENET_V2_STAGES) {
    for (let i = 0; i < n; i++) {
      const stride = i === 0 ? s : 1;
      const prefix = block === 0 ? 'expanded_conv_' : `block_${block}_`;
      const shortcut = x;
      let h = x;
      if (t !== 1) {
        h = relu6(bn(conv(h, channels * t, 1, 1, `${prefix}expand`), `${prefix}expand_BN`), `${prefix}expand_relu`);
      }
      h = tfl.layers
        .depthwiseConv2d({
          kernelSize: 3,
          strides: stride,
          padding: 'same',
          useBias: false,
          depthwiseInitializer: init.depthwise(3),
          name: `${prefix}depthwise`,
        })
        .apply(h) as SymbolicTensor;
      h = relu6(bn(h, `${prefix}depthwise_BN`), `${prefix}depthwise_relu`);
      h = bn(conv(h, c, 1, 1, `${prefix}project`), `${prefix}project_BN`);
      if (stride === 1 && channels === c) h = tfl.layers.add({ name: `${prefix}add` }).apply([shortcut, h]) as SymbolicTensor;
      x = h;
      channels = c;
      block++;
    }
  }
  x = relu6(bn(conv(x, 1280, 1, 1, 'Conv_1'), 'Conv_1_bn'), 'out_relu');
  x = tfl.layers.globalAveragePooling2d({ name: 'global_average_pooling2d' }).apply(x) as SymbolicTensor;
  const output = tfl.layers
    .dense({ units: classes, activation: 'softmax', kernelInitializer: init.glorot(), name: 'predictions' })
    .apply(x) as SymbolicTensor;
  return tfl.model({ inputs: input, outputs: output, name: `mobilenetv2_1.00_${size}` });
}

/**
 * ResNet18 (He et al. 2016, BasicBlock variant as in torchvision) with Keras-style names and random
 * seeded weights: ZeroPadding2D(3) + Conv2D 7×7/2 + BN + ReLU, ZeroPadding2D(1) + MaxPooling2D
 * 3×3/2, four stages (64, 128, 256, 512 filters) of two BasicBlocks (Conv 3×3 + BN + ReLU + Conv
 * 3×3 + BN, a 1×1/2 Conv + BN shortcut where a stage starts with stride 2, Add, ReLU), global
 * average pooling and a softmax Dense. Convolutions have no bias (BN follows them).
 *
 * @param size input height and width (multiple of 32; default 224).
 * @param classes output classes (default 1000).
 * @param seed first initialiser seed (default 1).
 * @returns the model, input [null,size,size,3], output [null,classes]; the caller owns it.
 * @example
 * ```ts
 * const model = resNet18Like(224);
 * const cam = gradCam(model, image, { layerName: resNet18Blocks.last });
 * ```
 * @category Bench
 */
export function resNet18Like(size = 224, classes = 1000, seed = 1): tfl.LayersModel {
  checkSize('resNet18Like()', size, classes);
  const init = seeds(seed);
  const conv = (x: SymbolicTensor, filters: number, kernelSize: number, strides: number, name: string, padding: 'same' | 'valid' = 'same'): SymbolicTensor =>
    tfl.layers
      .conv2d({ filters, kernelSize, strides, padding, useBias: false, kernelInitializer: init.he(), name })
      .apply(x) as SymbolicTensor;
  const bn = (x: SymbolicTensor, name: string): SymbolicTensor =>
    tfl.layers.batchNormalization({ epsilon: 1.001e-5, name }).apply(x) as SymbolicTensor;
  const relu = (x: SymbolicTensor, name: string): SymbolicTensor =>
    tfl.layers.activation({ activation: 'relu', name }).apply(x) as SymbolicTensor;

  const input = tfl.input({ shape: [size, size, 3], name: 'input_1' });
  let x = tfl.layers.zeroPadding2d({ padding: 3, name: 'conv1_pad' }).apply(input) as SymbolicTensor;
  x = relu(bn(conv(x, 64, 7, 2, 'conv1_conv', 'valid'), 'conv1_bn'), 'conv1_relu');
  x = tfl.layers.zeroPadding2d({ padding: 1, name: 'pool1_pad' }).apply(x) as SymbolicTensor;
  x = tfl.layers.maxPooling2d({ poolSize: 3, strides: 2, name: 'pool1_pool' }).apply(x) as SymbolicTensor;
  let channels = 64;
  const stages: Array<[filters: number, stride: number]> = [
    [64, 1],
    [128, 2],
    [256, 2],
    [512, 2],
  ];
  stages.forEach(([filters, stride], s) => {
    for (let b = 1; b <= 2; b++) {
      const p = `conv${s + 2}_block${b}_`;
      const st = b === 1 ? stride : 1;
      let shortcut = x;
      if (st !== 1 || channels !== filters) shortcut = bn(conv(x, filters, 1, st, `${p}0_conv`), `${p}0_bn`);
      let h = relu(bn(conv(x, filters, 3, st, `${p}1_conv`), `${p}1_bn`), `${p}1_relu`);
      h = bn(conv(h, filters, 3, 1, `${p}2_conv`), `${p}2_bn`);
      h = tfl.layers.add({ name: `${p}add` }).apply([shortcut, h]) as SymbolicTensor;
      x = relu(h, `${p}out`);
      channels = filters;
    }
  });
  x = tfl.layers.globalAveragePooling2d({ name: 'avg_pool' }).apply(x) as SymbolicTensor;
  const output = tfl.layers
    .dense({ units: classes, activation: 'softmax', kernelInitializer: init.glorot(), name: 'predictions' })
    .apply(x) as SymbolicTensor;
  return tfl.model({ inputs: input, outputs: output, name: `resnet18_${size}` });
}
