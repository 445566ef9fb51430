import * as tf from '@tensorflow/tfjs-core';
import { models, type LayersModel } from '@tensorflow/tfjs-layers';

/**
 * Stands in for a layer's initializer while a model is built for loading: the weights it would
 * create are overwritten by the file's values, so it makes zeros (cheap, like tfjs-layers' own
 * fast initialization) while reporting the original initializer's class and config, so that the
 * loaded model's `getConfig()` and saved topology are unchanged.
 */
class DeferredInitializer extends tf.serialization.Serializable {
  static className = 'TfjsGradcamDeferredInitializer';
  private readonly original: { className: string; config: tf.serialization.ConfigDict };

  constructor(args: { initializer: { className: string; config: tf.serialization.ConfigDict } }) {
    super();
    this.original = args.initializer;
  }

  apply(shape: number[], dtype?: tf.DataType): tf.Tensor {
    return tf.zeros(shape, dtype);
  }

  override getClassName(): string {
    return this.original.className;
  }

  getConfig(): tf.serialization.ConfigDict {
    return this.original.config;
  }
}
tf.serialization.registerClass(DeferredInitializer);

/** Replaces every `*_initializer: { class_name, config }` of a Keras topology by a {@link DeferredInitializer}. */
function deferInitializers(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(deferInitializers);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const spec = v as { class_name?: unknown; config?: unknown } | null;
    const isInitializer = /(_i|I)nitializer$/.test(key) && spec !== null && typeof spec === 'object' && typeof spec.class_name === 'string' && spec.config !== null && typeof spec.config === 'object';
    out[key] = isInitializer ? { class_name: DeferredInitializer.className, config: { initializer: spec } } : deferInitializers(v);
  }
  return out;
}

/**
 * Builds a tfjs-layers model from `artifacts` and sets its weights, freeing everything it made
 * when any step fails (tfjs-layers' own `loadLayersModel` leaves the variables of a model it
 * could not finish, and the decoded weights when they do not fit the model).
 *
 * The topology is built synchronously (`models.modelFromJSON` without a manifest awaits nothing
 * before building), so the variables registered during that call are exactly the new model's;
 * the weights are decoded and assigned inside one `tf.tidy`. With weights, initializers make
 * zeros (the values are overwritten); without weights (a model.json with no `weightsManifest`),
 * the topology's own initializers run, as in tfjs-layers.
 *
 * @param artifacts - model.json and weights as read by `readModelArtifacts`.
 * @returns the model with its weights; the caller owns it.
 * @throws the tfjs-layers error, after freeing every tensor and variable made on the way.
 * @internal
 */
export async function buildLayersModel(artifacts: tf.io.ModelArtifacts): Promise<LayersModel> {
  const withWeights = artifacts.weightData != null && artifacts.weightSpecs != null;
  const topology = withWeights ? deferInitializers(artifacts.modelTopology) : artifacts.modelTopology;
  const registered = () => tf.engine().registeredVariables;
  const before = new Set(Object.keys(registered()));
  let pending!: Promise<LayersModel>;
  // Inside a tidy: a build that throws half-way frees the tensors it made (variables are not
  // tracked by tidy; those are freed below).
  tf.tidy(() => {
    pending = models.modelFromJSON({ modelTopology: topology as tf.io.ModelArtifacts['modelTopology'] } as tf.io.ModelJSON);
  });
  const created = Object.entries(registered()).filter(([name]) => !before.has(name)).map(([, v]) => v);
  const freeCreated = () => {
    for (const v of created) if (!v.isDisposed) v.dispose();
  };
  let model: LayersModel;
  try {
    model = await pending;
  } catch (e) {
    freeCreated();
    throw e;
  }
  // A config naming a model or layer where e.g. an activation is expected builds it too, with
  // variables no layer of the model owns and that model.dispose() would never free.
  const own = new Set(model.weights.map((w) => w.name));
  const stray = created.filter((v) => !own.has(v.name));
  if (stray.length > 0) {
    model.dispose();
    freeCreated();
    throw new Error(
      `building the topology made ${stray.length} variables that belong to no layer of the model (${stray.slice(0, 3).map((v) => v.name).join(', ')}${stray.length > 3 ? ', ...' : ''}): ` +
        'a model or layer config appears where another kind of object (an activation, an initializer, ...) is expected',
    );
  }
  try {
    if (artifacts.trainingConfig != null) model.loadTrainingConfig(artifacts.trainingConfig as Parameters<LayersModel["loadTrainingConfig"]>[0]);
    if (artifacts.userDefinedMetadata != null) model.setUserDefinedMetadata(artifacts.userDefinedMetadata);
    if (withWeights) {
      const specs = artifacts.weightSpecs!;
      tf.tidy(() => {
        const decoded = tf.io.decodeWeights(artifacts.weightData!, specs);
        // Optimizer state is not part of the model (tfjs-layers sets it on the optimizer only).
        for (const s of specs) if (s.group === 'optimizer') delete decoded[s.name];
        model.loadWeights(decoded, true);
      });
    }
  } catch (e) {
    model.dispose();
    throw e;
  }
  return model;
}
