import { camMethodNames } from '../methods/camMethodNames.js';

/** The method names wrapped to the help's second column (28 spaces in, lines up to 98 columns). */
const METHODS = camMethodNames
  .map((m, k) => m + (k < camMethodNames.length - 1 ? ',' : '.'))
  .reduce<string[]>((lines, word) => {
    const last = lines.length - 1;
    if (last >= 0 && 28 + lines[last]!.length + 1 + word.length <= 98) lines[last] += ' ' + word;
    else lines.push(word);
    return lines;
  }, [])
  .join('\n' + ' '.repeat(28));

/**
 * The help texts of the commands: `explain --help` and `layers --help` (the overview is
 * `mainHelpText`). Every option the parser accepts is listed here (a test checks it).
 * @internal
 */
export const helpText = {
  explain: `Usage: tfjs-gradcam explain <images...> --model <model.json> [options]

Explains each image with a CAM method and writes <out>/<name>-<method>.png: the heatmap blended
over the image at the image's own size (or, with --panel, image | heatmap | overlay with a caption).

Images:
  files, folders (searched recursively for .png .jpg .jpeg .jpe .jfif .webp .gif .avif .tif
  .tiff; names starting with "." are skipped) and globs ("photos/**/*.jpg": * and ? match within
  a name, ** any depth; quote them so the shell does not expand them). Files below a folder or a
  glob keep their sub-folders under --out; the --out folder itself is never searched. PNG and
  JPEG are read natively; WebP, GIF, AVIF and TIFF need the optional package sharp.

Options:
  -m, --model <path>        model.json of a tfjs layers or graph model (weight files next to it;
                            graph models need @tensorflow/tfjs-converter). Required.
  -l, --layer <name>        layer to explain, a name or a path through nested models
                            (base/conv5); default: the automatic choice ("tfjs-gradcam layers").
  -c, --class <n>           class index to explain in every image; default: each image's top class.
      --method <name>       ${METHODS}
                            Default: grad-cam.
      --colormap <name>     jet, turbo, viridis, inferno, magma, plasma, gray. Default: jet.
      --alpha <a>           weight of the heatmap in the overlay, 0..1. Default: 0.5.
      --size <HxW|auto>     resize images to the model input, e.g. 224x224; auto (default) takes
                            the model's input shape (no resize when the model accepts any size).
      --preprocess <mode>   unit (x/255, default), symmetric (x/127.5-1), imagenet
                            ((x/255-mean)/std, torchvision), caffe (BGR minus Keras means), none.
                            Must match how the model was trained.
      --labels <file>       class names: JSON array or one name per line; default: the model.json
                            metadata (userDefinedMetadata.classes / .labels / .output.classes).
  -o, --out <dir>           output folder, created if needed. Default: tfjs-gradcam-out.
                            Never writes outside it, and never over an input file.
      --panel               write image | heatmap | overlay with the class and score written below
                            (images under 150 pixels are enlarged 2-4x, nearest neighbour).
      --batch-size <n>      inputs per forward pass for score-cam and ablation-cam. Default: 32.
      --aug-smooth          average the map over flipped and brightened copies (6x slower).
      --eigen-smooth        project the map on its first principal component.
      --json                print one JSON object per image on stdout (file, output, class, label,
                            score, layer, method, ms, or error and code).
      --backend <name>      wasm (default; falls back to cpu if it cannot start) or cpu.
  -h, --help                show this help.

Output: one line per image on stdout (or JSON with --json); problems with single images go to
stderr and the run continues; a summary goes to stderr. A progress bar is drawn on stderr when it
is a terminal and there are more than 5 images.
Exit status: 0 all explained, 1 some image failed, 2 usage error (bad option, model, layer, class).
`,

  layers: `Usage: tfjs-gradcam layers --model <model.json> [--json]

Lists the layers (graph models: the nodes) that CAM methods can explain (4-D output with height
and width > 1, nested models included), in execution order, with their output shapes, and marks
the one explain uses by default.

Options:
  -m, --model <path>        model.json of a tfjs layers or graph model. Required.
      --json                print one JSON object (model, kind, input, output, layers, automatic).
      --backend <name>      wasm (default; falls back to cpu) or cpu.
  -h, --help                show this help.
`,
};
