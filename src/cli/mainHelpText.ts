/**
 * `tfjs-gradcam --help`: the commands and global options. Kept free of imports so that `--help`
 * and `--version` start fast.
 * @internal
 */
export const mainHelpText = `tfjs-gradcam — Grad-CAM and CAM-family heatmaps for TensorFlow.js image models

Usage:
  tfjs-gradcam explain <images...> --model <model.json> [options]
  tfjs-gradcam layers --model <model.json> [--json]
  tfjs-gradcam --help | --version

Commands:
  explain   explain images and write heatmap overlays (or panels) as PNG files
  layers    list the layers that can be explained, marking the automatic choice

Options:
  -h, --help      show this help (and "tfjs-gradcam <command> --help" for a command)
  -v, --version   print the version

Example:
  tfjs-gradcam explain photos/ --model model/model.json --size auto --preprocess unit --out cams

Exit status: 0 when every image was explained, 1 when some image failed, 2 for a usage error.
`;
