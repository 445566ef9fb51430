/**
 * docs/evaluation.md from an {@link Evaluation}: how it was produced, the table, a reading of the
 * numbers (generated from them, so the page always agrees with its table) and the grid picture.
 * Everything but the timing column and the run time is identical from run to run.
 */
import type { Evaluation, MethodScores } from './evaluateMethods.js';

/** Column of the results table: header, direction and how a value is written. */
interface Column {
  header: string;
  /** The column's name inside a sentence. */
  label: string;
  better: 'higher' | 'lower' | null;
  cell: (row: MethodScores, count: number) => string;
  value?: (row: MethodScores) => number | null;
}

const METHOD_NAMES: Record<string, string> = {
  'grad-cam': 'Grad-CAM',
  'hires-cam': 'HiResCAM',
  'grad-cam-elementwise': 'Grad-CAM element-wise',
  'xgrad-cam': 'XGrad-CAM',
  'layer-cam': 'LayerCAM',
  'grad-cam++': 'Grad-CAM++',
  'score-cam': 'Score-CAM',
  'ablation-cam': 'Ablation-CAM',
  'eigen-cam': 'Eigen-CAM',
  'eigen-grad-cam': 'Eigen-Grad-CAM',
  'guided-grad-cam': 'Guided Grad-CAM',
};

/** Methods whose channel weights are never negative. */
const NON_NEGATIVE_WEIGHTS = new Set(['grad-cam-elementwise', 'layer-cam', 'grad-cam++', 'score-cam']);

const pct = (v: number) => `${(v * 100).toFixed(1)} %`;
const fixed = (digits: number) => (v: number | null) => (v === null ? '—' : v.toFixed(digits));

const COLUMNS: Column[] = [
  { header: 'Pointing game ↑', label: 'pointing game', better: 'higher', value: (r) => r.pointing, cell: (r, n) => `${pct(r.pointing)} (${r.pointingHits}/${n})` },
  { header: 'Energy in box ↑', label: 'energy in box', better: 'higher', value: (r) => r.energyInBox, cell: (r) => fixed(3)(r.energyInBox) },
  { header: 'Deletion AUC ↓', label: 'deletion AUC', better: 'lower', value: (r) => r.deletionAuc, cell: (r) => fixed(3)(r.deletionAuc) },
  { header: 'Insertion AUC ↑', label: 'insertion AUC', better: 'higher', value: (r) => r.insertionAuc, cell: (r) => fixed(3)(r.insertionAuc) },
  { header: 'ROAD combined ↑', label: 'ROAD combined', better: 'higher', value: (r) => r.roadCombined, cell: (r) => fixed(3)(r.roadCombined) },
  { header: 'Average drop ↓', label: 'average drop', better: 'lower', value: (r) => r.averageDrop, cell: (r) => pct(r.averageDrop) },
  { header: 'Increase rate ↑', label: 'increase rate', better: 'higher', value: (r) => r.increaseRate, cell: (r) => pct(r.increaseRate) },
  { header: 'Sanity: top layer ↓', label: 'sanity check, top layer', better: 'lower', value: (r) => r.sanityTop, cell: (r) => fixed(2)(r.sanityTop) },
  { header: 'Sanity: all layers ↓', label: 'sanity check, all layers', better: 'lower', value: (r) => r.sanityCascade, cell: (r) => fixed(2)(r.sanityCascade) },
  { header: 'ms / image', label: 'time', better: null, cell: (r) => r.msPerImage.toFixed(1) },
];

/** Options of {@link formatEvaluationReport}. */
export interface EvaluationReportOptions {
  /** The command that produced the page. */
  command: string;
  /** Path of the grid picture relative to the page; omitted: no picture. */
  gridImage?: string;
  /** Path of the JSON file with the same numbers, relative to the repository root. */
  jsonFile?: string;
  /** Grad-CAM's pointing game target, fraction (default 0.95). */
  pointingTarget?: number;
}

/**
 * Writes the evaluation page in Markdown.
 *
 * @param evaluation - what {@link evaluateMethods} measured.
 * @param options - the command line, the picture and JSON paths, the pointing target.
 * @returns the page's text.
 * @example
 * ```ts
 * await writeFile('docs/evaluation.md', formatEvaluationReport(evaluation, { command: 'npm run evaluate' }));
 * ```
 */
export function formatEvaluationReport(evaluation: Evaluation, options: EvaluationReportOptions): string {
  const { settings: s, rows } = evaluation;
  const n = s.count;
  const perClass = n % s.classes.length === 0 ? `${n / s.classes.length} per class` : 'balanced over the classes';
  const out: string[] = [];
  out.push('# Evaluation of the CAM methods', '');
  out.push(
    `How well each method's map localises the object and how faithful it is to the model, measured on the demo model (\`examples/model\`) with held-out images whose object boxes are known. Produced by \`${options.command}\` (\`tools/evaluate/evaluate.ts\`); rerunning it reproduces this page exactly except the timing column and the run time${options.jsonFile ? `, and writes the same numbers to \`${options.jsonFile}\`` : ''}.`,
    '',
  );
  out.push('## How it was measured', '');
  out.push(
    `- **Images:** ${n} images (${perClass}): the first of each class in the demo model's held-out test split, \`generateDataset(${s.source.count}, ${s.source.seed}, ${s.source.size})\` from \`examples/shapes/dataset.ts\` (the split \`examples/images/samples.json\` names; its sample images are the first two of each class). Each has the object's pixel box. The model classifies ${pct(evaluation.accuracy)} of them correctly.`,
    `- **Maps:** every method explains the **true class** at the automatically chosen layer, \`${s.layerName}\` (the last block), with the library's defaults (pre-softmax score, ReLU, min-max, bilinear resize to ${s.source.size}×${s.source.size}); Score-CAM and Ablation-CAM run ${s.forwardBatchSize} masked inputs per forward pass. Guided Grad-CAM's map is the channel maximum of its absolute guided gradients, min-max normalised per image. A method whose maps equal an earlier method's (within 10⁻⁴ on every image) shares that method's localisation and faithfulness scores instead of recomputing them.`,
    `- **Localisation:** pointing game (Zhang et al.): the share of images whose map peaks inside the box (tolerance 0 px); energy in box (Score-CAM paper): the map's sum inside the box over its total sum.`,
    `- **Faithfulness,** from the model's own output at the true class (softmax probabilities): deletion and insertion AUC (RISE; ${s.steps} steps; pixels ranked by the map; deletion replaces them with zeros, insertion restores them onto a blurred image); ROAD combined (Rong et al.; ${s.roadCount >= n ? `on all ${n} images` : `on the first ${s.roadCount} images${perClassOf(s.roadCount, s.classes.length)} only, as its imputation solves a linear system per image, percentile and order`}; percentiles ${s.percentiles.join(', ')}; noisy linear imputation, seed ${s.seed}; mean over the percentiles of (LeRF − MoRF) / 2); average drop and increase rate in confidence (Grad-CAM++ paper) for the input multiplied by the map.`,
    `- **Sanity check** (Adebayo et al., cascading randomisation) on the first ${s.sanityCount} images${perClassOf(s.sanityCount, s.classes.length)} only: the weights are re-initialised from the output down, one weighted layer at a time (${s.sanityLayers.length} layers: ${s.sanityLayers.map((l) => `\`${l}\``).join(', ')}), and the map is compared with the original one by Spearman rank correlation; the table gives the mean after the first step (the top layer) and after the last (every layer). A map that depends on what the model learnt changes, so lower is better.`,
    `- **Time:** computing the maps (the method call and reading the map back), per image, in batches of ${s.batchSize}; the median over the ${Math.ceil(n / s.batchSize)} batches after one untimed warm-up batch, measured during this run on the \`${s.backend}\` backend (Node, one thread). It varies from machine to machine and run to run.`,
    '',
  );
  out.push('## Results', '');
  out.push(`↑ higher is better, ↓ lower is better. ${n} images; ROAD on ${s.roadCount}, the sanity check on ${s.sanityCount}.`, '');
  out.push(`| Method | ${COLUMNS.map((c) => c.header).join(' | ')} |`);
  out.push(`|---|${COLUMNS.map(() => '--:').join('|')}|`);
  for (const row of rows) out.push(`| ${METHOD_NAMES[row.method] ?? row.method} | ${COLUMNS.map((c) => c.cell(row, n)).join(' | ')} |`);
  out.push('');
  if (rows.some((r) => r.sanityTop === null)) {
    out.push('"—": not measured (the sanity check re-runs a CAM method; Guided Grad-CAM is a CAM method times guided backpropagation).', '');
  }
  out.push('## Reading', '');
  for (const line of reading(evaluation, options.pointingTarget ?? 0.95)) out.push(`- ${line}`);
  out.push('');
  if (options.gridImage) {
    out.push('## The maps', '');
    out.push(
      `One image per class (columns: the first of each class, i.e. the bundled \`<class>-1.png\`), one method per row: the library's \`overlay\` (jet, alpha 0.5) of the map on the image, the ground-truth box in white.`,
      '',
      `![Overlays of every method on one image per class](${options.gridImage})`,
      '',
    );
  }
  return out.join('\n');
}

/** ` (k per class)` when `count` splits evenly over the classes. */
function perClassOf(count: number, classes: number): string {
  return count % classes === 0 ? ` (${count / classes} per class)` : '';
}

/** Sentences drawn from the numbers. */
function reading(evaluation: Evaluation, target: number): string[] {
  const { rows, settings: s } = evaluation;
  const n = s.count;
  const name = (r: MethodScores) => METHOD_NAMES[r.method] ?? r.method;
  const lines: string[] = [];
  const grad = rows.find((r) => r.method === 'grad-cam');
  if (grad) {
    lines.push(
      `Grad-CAM's map peaks inside the object's box for ${grad.pointingHits} of ${n} images (${pct(grad.pointing)}); the target is at least ${pct(target)}: ${grad.pointing >= target ? 'met' : 'not met'}.`,
    );
  }
  const best = (c: Column) => {
    const scored = rows.filter((r) => c.value!(r) !== null);
    if (scored.length < 2) return '';
    const values = scored.map((r) => c.value!(r)!);
    const top = c.better === 'higher' ? Math.max(...values) : Math.min(...values);
    const text = c.cell(scored[values.indexOf(top)]!, n);
    const winners = scored.filter((r) => c.cell(r, n) === text).map(name);
    if (winners.length === scored.length) return `${c.label}: all ${winners.length} tie — ${text}`;
    const who = winners.length > 3 ? `${winners.length} methods tie` : winners.join(', ');
    return `${c.label}: ${who} — ${text}`;
  };
  const bests = COLUMNS.filter((c) => c.better !== null).map(best).filter(Boolean);
  if (bests.length > 0) lines.push(`Best per column:\n${bests.map((b) => `  - ${b}`).join('\n')}`);
  const same = rows.filter((r) => r.sameMapsAs !== null);
  if (same.length > 0) {
    const byFirst = new Map<string, string[]>();
    for (const r of same) byFirst.set(r.sameMapsAs!, [...(byFirst.get(r.sameMapsAs!) ?? []), name(r)]);
    const groups = [...byFirst].map(([first, others]) => `${others.join(' and ')} ${others.length === 1 ? 'makes' : 'make'} the same maps as ${METHOD_NAMES[first] ?? first}`);
    lines.push(
      `${groups.join('; ')} (within 10⁻⁴ on every image), so ${same.length === 1 ? 'its row repeats' : 'their rows repeat'} the other's numbers.` +
        (same.some((r) => r.sameMapsAs === 'grad-cam')
          ? ' The demo model ends in global average pooling and one dense layer, so the gradient at the last block is the same at every position (the class weight over h·w): HiResCAM and XGrad-CAM then reduce to Grad-CAM, and Grad-CAM element-wise and LayerCAM both to the ReLU of the class weights times the activations (the activations are non-negative after the block\'s ReLU). The methods differ on other heads and at earlier layers.'
          : ''),
    );
  }
  const inverted = rows.filter((r) => !(r.deletionAuc < r.insertionAuc));
  lines.push(
    inverted.length === 0
      ? 'Every method has a lower deletion than insertion AUC: removing the pixels its map ranks first hurts the score faster than restoring them helps it, as a faithful map should.'
      : `Deletion AUC is not below insertion AUC for ${inverted.map(name).join(', ')}: its ranking of pixels does not separate what the model uses.`,
  );
  const spread = (label: string, v: (r: MethodScores) => number | null) => {
    const xs = rows.map(v).filter((x): x is number => x !== null);
    return xs.length > 1 ? `${label} ${Math.min(...xs).toFixed(3)}–${Math.max(...xs).toFixed(3)}` : '';
  };
  const spreads = [spread('deletion AUC', (r) => r.deletionAuc), spread('insertion AUC', (r) => r.insertionAuc), spread('ROAD combined', (r) => r.roadCombined)].filter(Boolean);
  if (spreads.length > 0) lines.push(`Ranges over the methods: ${spreads.join(', ')}${s.roadCount > 0 && s.roadCount < n ? ` (ROAD on ${s.roadCount} images only)` : ''}.`);
  const sparse = rows.filter((r) => r.method === 'guided-grad-cam');
  if (sparse.length > 0 && rows.length > 1 && sparse[0]!.averageDrop === Math.max(...rows.map((r) => r.averageDrop))) {
    lines.push(`Guided Grad-CAM has the largest average drop (${pct(sparse[0]!.averageDrop)}): its map is thin and edge-like, so the input multiplied by it is mostly black; average drop rewards broad maps.`);
  }
  const negativeRoad = rows.filter((r) => r.roadCombined !== null && r.roadCombined <= 0);
  if (negativeRoad.length > 0) lines.push(`ROAD combined is not positive for ${negativeRoad.map(name).join(', ')}: removing its least relevant pixels hurts at least as much as removing its most relevant ones.`);
  const insensitive = rows.filter((r) => r.sanityTop !== null && r.sanityTop > 0.5);
  if (insensitive.length > 0) {
    const nonNegative = insensitive.filter((r) => NON_NEGATIVE_WEIGHTS.has(r.method)).map(name);
    const why: string[] = [];
    if (insensitive.some((r) => r.method === 'eigen-cam')) {
      why.push('Eigen-CAM uses neither the class nor the gradients, only the activations below the output layer, so it cannot react to that layer by design');
    }
    if (nonNegative.length > 0) {
      why.push(
        `${nonNegative.join(', ')} weight the channels by non-negative numbers (the ReLU of the gradients, or Score-CAM's softmax over channel scores), so ${nonNegative.length === 1 ? 'its map is' : 'their maps are'} a non-negative mix of the last block's activations, which are high on the object whatever the output layer holds${grad && grad.sanityTop !== null && grad.sanityTop <= 0.5 ? `; Grad-CAM's signed weights change with the random layer (correlation ${grad.sanityTop.toFixed(2)})` : ''}`,
      );
    }
    lines.push(
      `${insensitive.map((r) => `${name(r)} (${r.sanityTop!.toFixed(2)})`).join(', ')} still ${insensitive.length === 1 ? 'correlates' : 'correlate'} with ${insensitive.length === 1 ? 'its' : 'their'} original map after the output layer is re-initialised, i.e. ${insensitive.length === 1 ? 'fails' : 'fail'} that step of the sanity check.${why.length > 0 ? ` ${why.join('. ')}.` : ''}`,
    );
  }

  const sensitive = rows.filter((r) => r.sanityCascade !== null);
  if (sensitive.length > 0) {
    const worst = sensitive.reduce((a, b) => (Math.abs(b.sanityCascade!) > Math.abs(a.sanityCascade!) ? b : a));
    lines.push(`After every layer is re-initialised, the largest remaining |rank correlation| is ${Math.abs(worst.sanityCascade!).toFixed(2)} (${name(worst)}).`);
  }
  const slowest = rows.reduce((a, b) => (b.msPerImage > a.msPerImage ? b : a));
  if (grad && slowest !== grad) {
    lines.push(`${name(slowest)} is the slowest, about ${Math.round(slowest.msPerImage / grad.msPerImage)}× Grad-CAM's time per image in this run.`);
  }
  return lines;
}
