/**
 * The browser demo: pick a sample, drop an image or use the camera; choose the method, layer, class
 * and colormap; see the heatmap and the overlay. Runs the bundled shapes model (96×96 RGB / 255).
 * Built by examples/browser/build.ts (npm run demo:browser).
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as tfl from '@tensorflow/tfjs-layers';
import { cam, camMethodNames, colormaps, listCandidateLayers, type CamMethodName } from 'tfjs-gradcam';
import { drawHeatmap, drawOverlay, fromImage, type ImageSource } from 'tfjs-gradcam/browser';

interface Sample {
  file: string;
  className: string;
  classIndex: number;
  /** [x0, y0, x1, y1], end-exclusive pixel bounds of the object. */
  box: [number, number, number, number];
}

/** What the last run showed; also read by the end-to-end test through `window.demo`. */
export interface RunInfo {
  source: 'sample' | 'file' | 'camera';
  file?: string;
  backend: string;
  method: string;
  layerName: string;
  classIndex: number;
  className: string;
  score: number;
  probabilities: number[];
  /** Heatmap peak in model-input pixels (96×96), x then y. */
  peak: [number, number];
  peakInBox?: boolean;
  ms: number;
}

const SIZE = 96; // the model's input: [B, 96, 96, 3], RGB bytes / 255
const MAX_SIDE = 512; // dropped photos are scaled down to this for display and overlay

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const ui = {
  backend: $<HTMLSelectElement>('backend'),
  method: $<HTMLSelectElement>('method'),
  layer: $<HTMLSelectElement>('layer'),
  cls: $<HTMLSelectElement>('class'),
  colormap: $<HTMLSelectElement>('colormap'),
  alpha: $<HTMLInputElement>('alpha'),
  alphaValue: $<HTMLSpanElement>('alphaValue'),
  samples: $<HTMLDivElement>('samples'),
  drop: $<HTMLDivElement>('drop'),
  file: $<HTMLInputElement>('file'),
  camera: $<HTMLButtonElement>('camera'),
  input: $<HTMLCanvasElement>('input'),
  heatmap: $<HTMLCanvasElement>('heatmap'),
  overlay: $<HTMLCanvasElement>('overlay'),
  overlayFrame: $<HTMLDivElement>('overlayFrame'),
  info: $<HTMLDivElement>('info'),
  error: $<HTMLDivElement>('error'),
};

const demo = { runs: 0, last: undefined as RunInfo | undefined, ready: undefined as Promise<void> | undefined };
(window as unknown as { demo: typeof demo }).demo = demo;

let model: tfl.LayersModel;
let classNames: string[] = [];
let samples: Sample[] = [];
let source: { image: ImageSource; kind: RunInfo['source']; width: number; height: number; sample?: Sample } | undefined;
let busy = false;
let again = false;
let stream: MediaStream | undefined;

const setState = (state: string): void => document.body.setAttribute('data-state', state);
const option = (value: string, text = value): HTMLOptionElement => Object.assign(document.createElement('option'), { value, textContent: text });
const escapeHtml = (s: string): string => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

async function initBackend(): Promise<string> {
  setWasmPaths('wasm/');
  const wanted = new URLSearchParams(location.search).get('backend') ?? 'webgl';
  for (const name of [wanted, 'webgl', 'wasm', 'cpu']) {
    try {
      if (await tf.setBackend(name)) {
        await tf.ready();
        return name;
      }
    } catch {
      // try the next one
    }
  }
  throw new Error('no tfjs backend could start');
}

function showBox(sample: Sample | undefined): void {
  ui.overlayFrame.querySelector('.box')?.remove();
  if (sample === undefined) return;
  const [x0, y0, x1, y1] = sample.box;
  const box = document.createElement('div');
  box.className = 'box';
  Object.assign(box.style, { left: `${(x0 / SIZE) * 100}%`, top: `${(y0 / SIZE) * 100}%`, width: `${((x1 - x0) / SIZE) * 100}%`, height: `${((y1 - y0) / SIZE) * 100}%` });
  ui.overlayFrame.append(box);
}

function drawInput(image: ImageSource, width: number, height: number): void {
  ui.input.width = width;
  ui.input.height = height;
  const ctx = ui.input.getContext('2d')!;
  if (image instanceof ImageData) ctx.putImageData(image, 0, 0);
  else ctx.drawImage(image as CanvasImageSource, 0, 0, width, height);
}

function renderInfo(r: RunInfo): void {
  const top = r.probabilities
    .map((p, i) => ({ p, i }))
    .sort((a, b) => b.p - a.p)
    .slice(0, 3)
    .map(({ p, i }) => `<tr><td>${escapeHtml(classNames[i] ?? String(i))}</td><td><span class="bar" style="width:${Math.round(p * 120)}px"></span> ${(p * 100).toFixed(1)}%</td></tr>`)
    .join('');
  const truth =
    r.peakInBox === undefined
      ? ''
      : `<p>Ground truth: <b>${escapeHtml(source?.sample?.className ?? '')}</b> (dashed box) — heatmap peak inside the box: <b data-peak-in-box="${r.peakInBox}">${r.peakInBox ? 'yes' : 'no'}</b></p>`;
  ui.info.innerHTML =
    `<table>${top}</table>` +
    `<p>Explained class <b>${escapeHtml(r.className)}</b> (score ${r.score.toFixed(2)}) with <b>${escapeHtml(r.method)}</b> at layer <code>${escapeHtml(r.layerName)}</code>, ` +
    `${r.ms.toFixed(0)} ms on ${escapeHtml(r.backend)}.</p>${truth}`;
}

/** Explains the current source with the current settings and draws the results. */
async function explain(): Promise<void> {
  if (source === undefined) return;
  if (busy) {
    again = true;
    return;
  }
  busy = true;
  setState('running');
  ui.error.textContent = '';
  const current = source;
  try {
    const started = performance.now();
    // The model's input: the image resized to 96×96, RGB / 255, batch of one.
    const x = fromImage(current.image, { size: [SIZE, SIZE], scale: 1 / 255, batch: true });
    const probs = tf.tidy(() => model.predict(x) as tf.Tensor2D);
    const backend = tf.getBackend();
    const method = ui.method.value as CamMethodName;
    const result = cam(model, x, {
      method,
      layerName: ui.layer.value === '' ? undefined : ui.layer.value,
      classIndex: ui.cls.value === '' ? undefined : Number(ui.cls.value),
      // tfjs-backend-webgpu reads synchronously through canvases, which fails in some browsers.
      checkFinite: backend !== 'webgpu',
    });
    const [p, classIndex, score, heat] = await Promise.all([probs.data(), result.classIndex.data(), result.score.data(), result.heatmap.data()]);
    const ms = performance.now() - started;
    drawInput(current.image, current.width, current.height);
    const colormap = ui.colormap.value as keyof typeof colormaps;
    await drawHeatmap(ui.heatmap, result.heatmap, { colormap });
    await drawOverlay(ui.overlay, current.image, result.heatmap, { alpha: Number(ui.alpha.value), colormap });
    let peak = 0;
    for (let i = 1; i < heat.length; i++) if (heat[i]! > heat[peak]!) peak = i;
    const peakXY: [number, number] = [peak % SIZE, Math.floor(peak / SIZE)];
    const box = current.sample?.box;
    const info: RunInfo = {
      source: current.kind,
      file: current.sample?.file,
      backend,
      method,
      layerName: result.layerName,
      classIndex: classIndex[0]!,
      className: classNames[classIndex[0]!] ?? String(classIndex[0]),
      score: score[0]!,
      probabilities: Array.from(p),
      peak: peakXY,
      peakInBox: box && peakXY[0] >= box[0] && peakXY[0] < box[2] && peakXY[1] >= box[1] && peakXY[1] < box[3],
      ms,
    };
    tf.dispose([x, probs]);
    result.dispose();
    showBox(current.sample);
    renderInfo(info);
    demo.last = info;
    demo.runs += 1;
    setState('done');
  } catch (e) {
    ui.error.textContent = e instanceof Error ? e.message : String(e);
    setState('error');
  } finally {
    busy = false;
    if (again) {
      again = false;
      void explain();
    }
  }
}


async function useSample(sample: Sample, img: HTMLImageElement): Promise<void> {
  stopCamera();
  await img.decode();
  source = { image: img, kind: 'sample', width: img.naturalWidth, height: img.naturalHeight, sample };
  ui.samples.querySelectorAll('img').forEach((el) => el.classList.toggle('active', el === img));
  await explain();
}

async function useFile(file: File): Promise<void> {
  stopCamera();
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  const width = Math.max(1, Math.round(bitmap.width * scale));
  const height = Math.max(1, Math.round(bitmap.height * scale));
  const image = scale < 1 ? await createImageBitmap(bitmap, { resizeWidth: width, resizeHeight: height, resizeQuality: 'high' }) : bitmap;
  source = { image, kind: 'file', width, height };
  ui.samples.querySelectorAll('img').forEach((el) => el.classList.remove('active'));
  showBox(undefined);
  await explain();
}

function stopCamera(): void {
  stream?.getTracks().forEach((t) => t.stop());
  stream = undefined;
  ui.camera.textContent = 'Use the camera';
}

async function toggleCamera(): Promise<void> {
  if (stream !== undefined) return stopCamera();
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 } });
  } catch (e) {
    ui.error.textContent = `Camera unavailable: ${e instanceof Error ? e.message : String(e)}`;
    return;
  }
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = stream;
  await video.play();
  while (video.readyState < 2) await new Promise((ok) => setTimeout(ok, 20));
  ui.camera.textContent = 'Stop the camera';
  ui.samples.querySelectorAll('img').forEach((el) => el.classList.remove('active'));
  showBox(undefined);
  source = { image: video, kind: 'camera', width: video.videoWidth, height: video.videoHeight };
  const own = stream;
  const loop = async (): Promise<void> => {
    if (stream !== own) return;
    await explain();
    requestAnimationFrame(() => void loop());
  };
  void loop();
}

async function main(): Promise<void> {
  const backend = await initBackend();
  ui.backend.value = backend;
  ui.backend.addEventListener('change', () => {
    const url = new URL(location.href);
    url.searchParams.set('backend', ui.backend.value);
    location.href = url.toString();
  });
  const index = (await (await fetch('images/samples.json')).json()) as { classes: string[]; samples: Sample[] };
  classNames = index.classes;
  samples = index.samples;
  model = await tfl.loadLayersModel('model/model.json');

  for (const name of camMethodNames) ui.method.append(option(name));
  const layers = listCandidateLayers(model) as Array<{ path: string; outputShape: Array<number | null>; isDefault?: boolean }>;
  const automatic = layers.find((l) => l.isDefault) ?? layers[layers.length - 1];
  ui.layer.options[0]!.textContent = `automatic (${automatic?.path ?? '?'})`;
  for (const l of layers) ui.layer.append(option(l.path, `${l.path}  ${l.outputShape.slice(1).join('×')}`));
  classNames.forEach((c, i) => ui.cls.append(option(String(i), c)));
  for (const name of Object.keys(colormaps)) ui.colormap.append(option(name));
  ui.colormap.value = 'jet';

  for (const s of samples) {
    const img = Object.assign(document.createElement('img'), { src: `images/${s.file}`, alt: s.className, title: s.file });
    img.dataset.file = s.file;
    img.addEventListener('click', () => void useSample(s, img));
    ui.samples.append(img);
  }
  for (const el of [ui.method, ui.layer, ui.cls, ui.colormap]) el.addEventListener('change', () => void explain());
  ui.alpha.addEventListener('input', () => {
    ui.alphaValue.textContent = ui.alpha.value;
    void explain();
  });
  ui.file.addEventListener('change', () => {
    const f = ui.file.files?.[0];
    if (f) void useFile(f);
  });
  ui.drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    ui.drop.classList.add('over');
  });
  ui.drop.addEventListener('dragleave', () => ui.drop.classList.remove('over'));
  ui.drop.addEventListener('drop', (e) => {
    e.preventDefault();
    ui.drop.classList.remove('over');
    const f = e.dataTransfer?.files[0];
    if (f) void useFile(f);
  });
  ui.camera.addEventListener('click', () => void toggleCamera());

  ui.info.innerHTML = `<span class="muted">Model loaded on ${escapeHtml(backend)}. Pick a sample, drop an image or use the camera.</span>`;
  setState('ready');
  const first = ui.samples.querySelector('img');
  if (first) await useSample(samples[0]!, first);
}

demo.ready = main().catch((e: unknown) => {
  ui.error.textContent = e instanceof Error ? e.message : String(e);
  setState('error');
  throw e;
});
