#!/usr/bin/python3
"""Reference fixtures from pytorch-grad-cam (PGC) for the parity tests.

Builds three small seeded CNNs in PyTorch (`seq`, `dag`, `nested`), exports each to the
tfjs-layers format (model.json + weights.bin, channels-last), runs PGC's CAM methods on them and
writes every intermediate a test needs to test/fixtures/parity/:

  <model>/model.json, <model>/weights.bin   tfjs-layers models with the same weights
  cases.json                                metadata, inputs, logits, per-case raw and final maps,
                                            guided-backprop input gradients

Arrays in cases.json are {"shape": [...], "b64": "..."}: float32 little-endian, row-major, base64.
Every map is channels-last / NHWC ([B,h,w] maps, [B,H,W,3] gradients, [B,H,W,C] inputs).

See tools/parity/README.md for the environment (Debian's python3-torch & co., PGC on PYTHONPATH,
and a local stand-in for the optional `ttach` package used by `aug_smooth`).
"""
import argparse
import base64
import copy
import json
import os
import platform
import subprocess
import sys
import time
import types
from collections import OrderedDict

import cv2
import numpy as np
import scipy
import torch
import torch.nn as nn

import pytorch_grad_cam
from pytorch_grad_cam import (AblationCAM, EigenCAM, EigenGradCAM, GradCAM, GradCAMElementWise,
                              GradCAMPlusPlus, GuidedBackpropReLUModel, HiResCAM, LayerCAM,
                              ScoreCAM, XGradCAM)
from pytorch_grad_cam import ablation_cam as pgc_ablation_cam
from pytorch_grad_cam.ablation_layer import AblationLayer
from pytorch_grad_cam import score_cam as pgc_score_cam
from pytorch_grad_cam.utils.image import scale_cam_image
from pytorch_grad_cam.utils.model_targets import ClassifierOutputTarget

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
OUT = os.path.join(REPO, 'test', 'fixtures', 'parity')

FIXED_CLASSES = [1, 3]
SCORE_CAM_BATCH = 4
ABLATION_BATCH = 4

# PGC wraps its forward-pass loops in tqdm progress bars; silence them in its modules only.
_quiet = types.SimpleNamespace(tqdm=lambda it, *a, **k: it)
pgc_score_cam.tqdm = _quiet
pgc_ablation_cam.tqdm = _quiet


# --------------------------------------------------------------------------------------------
# Models. Every convolution is written so that it equals a Keras/tfjs convolution exactly:
# 3x3 stride 1 with padding 1 is Keras 'same'; 3x3 stride 2 on an even input is Keras 'same',
# which pads 0 rows/cols before and 1 after, so PyTorch gets an explicit ZeroPad2d((0,1,0,1))
# and padding=0 (PyTorch's padding=1 would shift the sampling grid by one pixel).
# Every ReLU is its own nn.ReLU module so PGC can hook it as a target layer.
# --------------------------------------------------------------------------------------------

def he_(module, gen_std=1.0):
    """He-normal kernels (scaled) and small random biases, drawn from the global torch RNG."""
    w = module.weight
    fan_in = w[0].numel()
    with torch.no_grad():
        w.copy_(torch.randn(w.shape) * (gen_std * (2.0 / fan_in) ** 0.5))
        if module.bias is not None:
            module.bias.copy_(torch.randn(module.bias.shape) * 0.1)


def make_seq():
    torch.manual_seed(1)
    m = nn.Sequential(OrderedDict([
        ('conv1', nn.Conv2d(3, 8, 3, padding=1)), ('relu1', nn.ReLU()),
        ('pad2', nn.ZeroPad2d((0, 1, 0, 1))),
        ('conv2', nn.Conv2d(8, 12, 3, stride=2, padding=0)), ('relu2', nn.ReLU()),
        ('conv3', nn.Conv2d(12, 16, 3, padding=1)), ('relu3', nn.ReLU()),
        ('gap', nn.AdaptiveAvgPool2d(1)), ('flatten', nn.Flatten()),
        ('fc', nn.Linear(16, 5)),
    ]))
    for name in ('conv1', 'conv2', 'conv3', 'fc'):
        he_(getattr(m, name))
    return m


class Dag(nn.Module):
    """stem conv → BN → ReLU → residual block (conv+ReLU, conv, + skip, ReLU) → MaxPool 2x2 →
    conv+ReLU → GAP → Dense(6)."""

    def __init__(self):
        super().__init__()
        self.stem_conv = nn.Conv2d(3, 8, 3, padding=1)
        self.stem_bn = nn.BatchNorm2d(8)  # eps 1e-5
        self.stem_relu = nn.ReLU()
        self.res_conv1 = nn.Conv2d(8, 8, 3, padding=1)
        self.res_relu1 = nn.ReLU()
        self.res_conv2 = nn.Conv2d(8, 8, 3, padding=1)
        self.res_relu = nn.ReLU()
        self.pool = nn.MaxPool2d(2)
        self.head_conv = nn.Conv2d(8, 16, 3, padding=1)
        self.head_relu = nn.ReLU()
        self.gap = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(16, 6)

    def forward(self, x):
        s = self.stem_relu(self.stem_bn(self.stem_conv(x)))
        r = self.res_conv2(self.res_relu1(self.res_conv1(s)))
        r = self.res_relu(r + s)
        h = self.head_relu(self.head_conv(self.pool(r)))
        return self.fc(torch.flatten(self.gap(h), 1))


def make_dag():
    torch.manual_seed(3)
    m = Dag()
    for name in ('stem_conv', 'res_conv1', 'res_conv2', 'head_conv', 'fc'):
        he_(getattr(m, name))
    with torch.no_grad():
        bn = m.stem_bn
        bn.weight.copy_(0.5 + torch.rand(8))
        bn.bias.copy_(0.5 + 0.1 * torch.randn(8))
        bn.running_mean.copy_(0.2 * torch.randn(8))
        bn.running_var.copy_(0.5 + torch.rand(8))
        # A positive bias (+1.5) keeps the residual ReLU's output mostly positive, so that no 2x2 max-pool
        # window after it is all zeros (a tie whose gradient routing differs between frameworks);
        # check_pool_ties() asserts it for every input the fixtures use.
        m.res_conv2.bias.add_(1.5)
    return m


def make_nested():
    torch.manual_seed(3)
    base = nn.Sequential(OrderedDict([
        ('conv1', nn.Conv2d(3, 8, 3, padding=1)), ('conv1_relu', nn.ReLU()),
        ('dw_pad', nn.ZeroPad2d((0, 1, 0, 1))),
        ('dw', nn.Conv2d(8, 8, 3, stride=2, padding=0, groups=8)), ('dw_relu', nn.ReLU()),
        ('pw', nn.Conv2d(8, 12, 1)), ('pw_relu', nn.ReLU()),
    ]))
    head = OrderedDict([
        ('base', base), ('gap', nn.AdaptiveAvgPool2d(1)), ('flatten', nn.Flatten()),
        ('fc', nn.Linear(12, 4)),
    ])
    for mod in (base.conv1, base.dw, base.pw, head['fc']):
        he_(mod)
    full = nn.Sequential(OrderedDict(list(head.items()) + [('softmax', nn.Softmax(dim=-1))]))
    logits = nn.Sequential(head)  # same modules, without the final softmax
    return full, logits


# --------------------------------------------------------------------------------------------
# tfjs-layers export (Keras JSON as tfjs-layers 4.22 writes it; weights channels-last)
# --------------------------------------------------------------------------------------------

def conv_cfg(name, filters, kernel, strides, activation, input_shape=None):
    cfg = {
        'name': name, 'trainable': True, 'filters': filters, 'kernel_size': [kernel, kernel],
        'strides': [strides, strides], 'padding': 'same', 'data_format': 'channels_last',
        'dilation_rate': [1, 1], 'activation': activation, 'use_bias': True,
        'kernel_initializer': {'class_name': 'Zeros', 'config': {}},
        'bias_initializer': {'class_name': 'Zeros', 'config': {}},
        'kernel_regularizer': None, 'bias_regularizer': None, 'activity_regularizer': None,
        'kernel_constraint': None, 'bias_constraint': None,
    }
    if input_shape is not None:
        cfg['batch_input_shape'] = [None] + list(input_shape)
        cfg['dtype'] = 'float32'
    return {'class_name': 'Conv2D', 'config': cfg}


def depthwise_cfg(name, kernel, strides, activation):
    return {'class_name': 'DepthwiseConv2D', 'config': {
        'name': name, 'trainable': True, 'kernel_size': [kernel, kernel],
        'strides': [strides, strides], 'padding': 'same', 'data_format': 'channels_last',
        'dilation_rate': [1, 1], 'activation': activation, 'use_bias': True, 'depth_multiplier': 1,
        'depthwise_initializer': {'class_name': 'Zeros', 'config': {}},
        'bias_initializer': {'class_name': 'Zeros', 'config': {}},
        'depthwise_regularizer': None, 'bias_regularizer': None, 'activity_regularizer': None,
        'depthwise_constraint': None, 'bias_constraint': None,
    }}


def dense_cfg(name, units, activation):
    return {'class_name': 'Dense', 'config': {
        'name': name, 'trainable': True, 'units': units, 'activation': activation, 'use_bias': True,
        'kernel_initializer': {'class_name': 'Zeros', 'config': {}},
        'bias_initializer': {'class_name': 'Zeros', 'config': {}},
        'kernel_regularizer': None, 'bias_regularizer': None, 'activity_regularizer': None,
        'kernel_constraint': None, 'bias_constraint': None,
    }}


def simple_cfg(class_name, name, **extra):
    return {'class_name': class_name, 'config': dict({'name': name, 'trainable': True}, **extra)}


def bn_cfg(name, eps):
    return simple_cfg('BatchNormalization', name, axis=-1, momentum=0.99, epsilon=eps, center=True,
                      scale=True,
                      beta_initializer={'class_name': 'Zeros', 'config': {}},
                      gamma_initializer={'class_name': 'Ones', 'config': {}},
                      moving_mean_initializer={'class_name': 'Zeros', 'config': {}},
                      moving_variance_initializer={'class_name': 'Ones', 'config': {}},
                      beta_regularizer=None, gamma_regularizer=None,
                      beta_constraint=None, gamma_constraint=None)


def np32(t):
    return t.detach().cpu().numpy().astype(np.float32)


def conv_weights(name, conv):
    # PyTorch (out, in, kh, kw) → Keras (kh, kw, in, out)
    return [(f'{name}/kernel', np32(conv.weight).transpose(2, 3, 1, 0)), (f'{name}/bias', np32(conv.bias))]


def depthwise_weights(name, conv):
    # PyTorch (C, 1, kh, kw) → Keras (kh, kw, C, 1)
    return [(f'{name}/depthwise_kernel', np32(conv.weight).transpose(2, 3, 0, 1)),
            (f'{name}/bias', np32(conv.bias))]


def dense_weights(name, fc):
    # PyTorch (out, in) → Keras (in, out)
    return [(f'{name}/kernel', np32(fc.weight).T), (f'{name}/bias', np32(fc.bias))]


def bn_weights(name, bn):
    return [(f'{name}/gamma', np32(bn.weight)), (f'{name}/beta', np32(bn.bias)),
            (f'{name}/moving_mean', np32(bn.running_mean)),
            (f'{name}/moving_variance', np32(bn.running_var))]


def functional_node(layer, inbound):
    layer = dict(layer)
    layer['name'] = layer['config']['name']
    layer['inbound_nodes'] = [[[src, 0, 0, {}] for src in inbound]] if inbound else []
    return layer


def export_seq(m):
    topo = {'class_name': 'Sequential', 'config': {'name': 'seq', 'layers': [
        conv_cfg('conv1', 8, 3, 1, 'relu', input_shape=(24, 24, 3)),
        conv_cfg('conv2', 12, 3, 2, 'relu'),
        conv_cfg('conv3', 16, 3, 1, 'relu'),
        simple_cfg('GlobalAveragePooling2D', 'gap', data_format='channels_last'),
        dense_cfg('fc', 5, 'linear'),
    ]}}
    weights = conv_weights('conv1', m.conv1) + conv_weights('conv2', m.conv2) + \
        conv_weights('conv3', m.conv3) + dense_weights('fc', m.fc)
    return topo, weights


def export_dag(m):
    inp = {'class_name': 'InputLayer', 'config': {
        'batch_input_shape': [None, 20, 20, 3], 'dtype': 'float32', 'sparse': False, 'name': 'input'}}
    layers = [
        functional_node(inp, []),
        functional_node(conv_cfg('stem_conv', 8, 3, 1, 'linear'), ['input']),
        functional_node(bn_cfg('stem_bn', float(m.stem_bn.eps)), ['stem_conv']),
        functional_node(simple_cfg('ReLU', 'stem_relu', max_value=None), ['stem_bn']),
        functional_node(conv_cfg('res_conv1', 8, 3, 1, 'relu'), ['stem_relu']),
        functional_node(conv_cfg('res_conv2', 8, 3, 1, 'linear'), ['res_conv1']),
        functional_node(simple_cfg('Add', 'res_add'), ['res_conv2', 'stem_relu']),
        functional_node(simple_cfg('ReLU', 'res_relu', max_value=None), ['res_add']),
        functional_node(simple_cfg('MaxPooling2D', 'pool', pool_size=[2, 2], strides=[2, 2],
                                   padding='valid', data_format='channels_last'), ['res_relu']),
        functional_node(conv_cfg('head_conv', 16, 3, 1, 'relu'), ['pool']),
        functional_node(simple_cfg('GlobalAveragePooling2D', 'gap', data_format='channels_last'), ['head_conv']),
        functional_node(dense_cfg('fc', 6, 'linear'), ['gap']),
    ]
    topo = {'class_name': 'Model', 'config': {
        'name': 'dag', 'layers': layers,
        'input_layers': [['input', 0, 0]], 'output_layers': [['fc', 0, 0]]}}
    weights = conv_weights('stem_conv', m.stem_conv) + bn_weights('stem_bn', m.stem_bn) + \
        conv_weights('res_conv1', m.res_conv1) + conv_weights('res_conv2', m.res_conv2) + \
        conv_weights('head_conv', m.head_conv) + dense_weights('fc', m.fc)
    return topo, weights


def export_nested(full):
    base = full.base
    base_topo = {'class_name': 'Sequential', 'config': {'name': 'base', 'layers': [
        conv_cfg('conv1', 8, 3, 1, 'relu', input_shape=(16, 16, 3)),
        depthwise_cfg('dw', 3, 2, 'relu'),
        conv_cfg('pw', 12, 1, 1, 'relu'),
    ]}}
    topo = {'class_name': 'Sequential', 'config': {'name': 'nested', 'layers': [
        base_topo,
        simple_cfg('GlobalAveragePooling2D', 'gap', data_format='channels_last'),
        dense_cfg('fc', 4, 'softmax'),
    ]}}
    weights = conv_weights('conv1', base.conv1) + depthwise_weights('dw', base.dw) + \
        conv_weights('pw', base.pw) + dense_weights('fc', full.fc)
    return topo, weights


def write_tfjs_model(name, topo, weights):
    folder = os.path.join(OUT, name)
    os.makedirs(folder, exist_ok=True)
    topo = dict(topo, keras_version='tfjs-layers 4.22.0', backend='tensor_flow.js')
    specs, blobs = [], []
    for wname, arr in weights:
        arr = np.ascontiguousarray(arr, dtype='<f4')
        specs.append({'name': wname, 'shape': list(arr.shape), 'dtype': 'float32'})
        blobs.append(arr.tobytes())
    with open(os.path.join(folder, 'weights.bin'), 'wb') as f:
        f.write(b''.join(blobs))
    model_json = {
        'format': 'layers-model', 'generatedBy': 'tools/parity/generate.py',
        'convertedBy': None, 'modelTopology': topo,
        'weightsManifest': [{'paths': ['weights.bin'], 'weights': specs}],
    }
    with open(os.path.join(folder, 'model.json'), 'w') as f:
        json.dump(model_json, f, indent=1)
        f.write('\n')


# --------------------------------------------------------------------------------------------
# Running PGC
# --------------------------------------------------------------------------------------------

def enc(arr):
    arr = np.ascontiguousarray(np.asarray(arr, dtype='<f4'))
    return {'shape': list(arr.shape), 'b64': base64.b64encode(arr.tobytes()).decode('ascii')}


def nchw_to_nhwc(t):
    return np.ascontiguousarray(np.asarray(t).transpose(0, 2, 3, 1))


def check_pool_ties(model, relu_module, x):
    """Asserts that the activations feeding the 2x2 max-pool hold no all-zero window (a tie)."""
    seen = []
    h = relu_module.register_forward_hook(lambda mod, i, o: seen.append(o.detach().numpy()))
    with torch.no_grad():
        model(x)
    h.remove()
    a = seen[0]
    b, c, hh, ww = a.shape
    windows = a.reshape(b, c, hh // 2, 2, ww // 2, 2).max(axis=(3, 5))
    zero_windows = int((windows == 0).sum())
    assert zero_windows == 0, f'{zero_windows} all-zero max-pool windows (gradient ties)'


def run_case(cam, x, targets, *, aug_smooth=False, eigen_smooth=False, negate=False, n_layers=1):
    """Runs a PGC cam object, capturing what get_cam_image returns (the raw per-layer maps)."""
    raws = []
    original = cam.get_cam_image

    def capture(*args, **kwargs):
        out = original(*args, **kwargs)
        raws.append(np.asarray(out, dtype=np.float32).copy())
        return out

    cam.get_cam_image = capture
    final = cam(input_tensor=x, targets=targets, aug_smooth=aug_smooth, eigen_smooth=eigen_smooth)
    cam.get_cam_image = original
    result = {'final': np.asarray(final, dtype=np.float32), 'raws': raws}
    if negate:
        size = cam.get_target_width_height(x)
        per_layer = [scale_cam_image(np.maximum(-r, 0), size)[:, None, :] for r in raws[-n_layers:]]
        result['final_negated'] = cam.aggregate_multi_layers(per_layer)
    return result


METHODS = [
    ('GradCAM', GradCAM), ('HiResCAM', HiResCAM), ('GradCAMElementWise', GradCAMElementWise),
    ('XGradCAM', XGradCAM), ('LayerCAM', LayerCAM), ('GradCAMPlusPlus', GradCAMPlusPlus),
    ('ScoreCAM', ScoreCAM), ('AblationCAM', AblationCAM), ('EigenCAM', EigenCAM),
    ('EigenGradCAM', EigenGradCAM),
]
SVD_METHODS = {'EigenCAM', 'EigenGradCAM'}


def make_cam(method_cls, model, layers):
    if method_cls is AblationCAM:
        return AblationCAM(model, layers, ablation_layer=AblationLayer(), batch_size=ABLATION_BATCH)
    cam = method_cls(model, layers)
    if method_cls is ScoreCAM:
        cam.batch_size = SCORE_CAM_BATCH
    return cam


def model_cases(spec):
    name, model, x = spec['name'], spec['pgc_model'], spec['x']
    with torch.no_grad():
        logits = model(x).numpy()
    argmax = [int(i) for i in logits.argmax(axis=1)]
    cases = []
    ablation_min_zero = {}

    def add(method, targets_layers, class_index, res, options, extra=None):
        classes = argmax if class_index is None else list(class_index)
        n = len(targets_layers)
        case = {
            'id': f'{name}/{method}/{"+".join(l for l, _ in targets_layers)}/'
                  f'{"default" if class_index is None else "fixed"}'
                  + ''.join(f'/{k}' for k, v in options.items() if v is True),
            'model': name, 'method': method,
            'layerNames': [l for l, _ in targets_layers],
            'pgcModules': [spec['pgc_names'][l] for l in [l for l, _ in targets_layers]],
            'classIndex': class_index, 'options': options,
            'classes': classes,
            'scores': [float(logits[b, c]) for b, c in enumerate(classes)],
            'raw': [enc(r) for r in res['raws'][-n:]],
            'final': enc(res['final']),
        }
        if 'final_negated' in res:
            case['finalNegated'] = enc(res['final_negated'])
        if extra:
            case.update(extra)
        cases.append(case)

    target_sets = [(None, None), (FIXED_CLASSES, [ClassifierOutputTarget(c) for c in FIXED_CLASSES])]
    for method, cls in METHODS:
        for layer_name, module in spec['targets']:
            for class_index, targets in target_sets:
                cam = make_cam(cls, model, [module])
                if method == 'AblationCAM':
                    with torch.no_grad():
                        seen = []
                        h = module.register_forward_hook(lambda m, i, o: seen.append(float(o.min())))
                        model(x)
                        h.remove()
                    ablation_min_zero[layer_name] = seen[0] == 0.0
                res = run_case(cam, x, targets, negate=method in SVD_METHODS)
                cam.activations_and_grads.release()
                add(method, [(layer_name, module)], class_index, res, {
                    **({'batchSize': SCORE_CAM_BATCH} if method == 'ScoreCAM' else {}),
                    **({'batchSize': ABLATION_BATCH} if method == 'AblationCAM' else {}),
                })

    # Multi-layer aggregation (earlier layer first, then the late one).
    both = [spec['targets'][1], spec['targets'][0]]
    for class_index, targets in target_sets:
        cam = GradCAM(model, [m for _, m in both])
        res = run_case(cam, x, targets, n_layers=2)
        cam.activations_and_grads.release()
        add('GradCAM', both, class_index, res, {})

    late = spec['targets'][0]
    for class_index, targets in target_sets:
        cam = GradCAM(model, [late[1]])
        res = run_case(cam, x, targets, eigen_smooth=True, negate=True)
        cam.activations_and_grads.release()
        add('GradCAM', [late], class_index, res, {'eigenSmooth': True})

    # aug_smooth: 6 variants (HorizontalFlip x Multiply[0.9, 1, 1.1]) in ttach's product order.
    variants = [(flip, factor) for flip in (False, True) for factor in (0.9, 1, 1.1)]
    for class_index, targets in target_sets:
        cam = GradCAM(model, [late[1]])
        res = run_case(cam, x, targets, aug_smooth=True)
        cam.activations_and_grads.release()
        var_info = []
        identity_raw = None
        for (flip, factor), raw in zip(variants, res['raws']):
            xa = x.flip(3) if flip else x
            xa = xa * factor if factor != 1 else xa
            with torch.no_grad():
                la = model(xa).numpy()
            vcls = [int(i) for i in la.argmax(axis=1)] if class_index is None else list(class_index)
            var_info.append({'hflip': flip, 'factor': factor, 'classes': vcls, 'raw': enc(raw)})
            if not flip and factor == 1:
                identity_raw = raw
        res['raws'] = [identity_raw]
        add('GradCAM', [late], class_index, res, {'augSmooth': True}, {'augVariants': var_info})

    # Guided backprop, one sample at a time as PGC's GuidedBackpropReLUModel works. It swaps the
    # ReLU modules for its own, so it runs on a deep copy.
    guided = []
    for class_index in (None, FIXED_CLASSES):
        gb = GuidedBackpropReLUModel(copy.deepcopy(model))
        grads, classes = [], []
        for b in range(x.shape[0]):
            c = argmax[b] if class_index is None else class_index[b]
            g = gb(x[b:b + 1].clone(), target_category=None if class_index is None else c)
            grads.append(g)
            classes.append(int(c))
        guided.append({
            'id': f'{name}/GuidedBackprop/{"default" if class_index is None else "fixed"}',
            'model': name, 'classIndex': class_index, 'classes': classes,
            'grads': enc(np.stack(grads)),
        })
    return logits, cases, guided, ablation_min_zero


def make_input(seed, shape):
    """Seeded normal noise plus a per-sample, per-channel offset (so samples differ in class)."""
    torch.manual_seed(seed)
    return torch.randn(*shape) + torch.randn(shape[0], shape[1], 1, 1)


def git_head(path):
    try:
        return subprocess.check_output(['git', '-C', path, 'rev-parse', 'HEAD'], text=True).strip()
    except Exception:
        return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--pgc-commit', default=os.environ.get('PGC_COMMIT'),
                        help='commit of the pytorch-grad-cam checkout (recorded in the metadata)')
    args = parser.parse_args()
    torch.set_num_threads(1)
    start = time.time()
    pgc_dir = os.path.dirname(os.path.dirname(os.path.abspath(pytorch_grad_cam.__file__)))
    pgc_commit = args.pgc_commit or git_head(pgc_dir)

    seq = make_seq().eval()
    dag = make_dag().eval()
    nested_full, nested_logits = make_nested()
    nested_full.eval()
    nested_logits.eval()

    # Seeds picked so that the two samples have different arg-max classes (with a margin), and
    # so that the dag has no max-pool ties; both are asserted below.
    x_seq = make_input(281, (2, 3, 24, 24))
    x_dag = make_input(124, (2, 3, 20, 20))
    x_nested = make_input(224, (2, 3, 16, 16))
    for m, x in ((seq, x_seq), (dag, x_dag), (nested_logits, x_nested)):
        with torch.no_grad():
            top2 = np.sort(m(x).numpy(), axis=1)[:, -2:]
            classes = m(x).numpy().argmax(axis=1)
        assert classes[0] != classes[1], 'both samples have the same arg-max class'
        assert (top2[:, 1] - top2[:, 0]).min() > 0.1, 'arg-max margin too small'

    for flip in (False, True):
        for factor in (0.9, 1, 1.1):
            xa = x_dag.flip(3) if flip else x_dag
            check_pool_ties(dag, dag.res_relu, xa * factor)

    specs = [
        {'name': 'seq', 'model': seq, 'pgc_model': seq, 'x': x_seq, 'export': export_seq(seq),
         'targets': [('conv3', seq.relu3), ('conv1', seq.relu1)],
         'pgc_names': {'conv3': 'relu3', 'conv1': 'relu1'},
         'layers': {'conv1': 'conv1+relu1', 'conv2': 'pad2+conv2+relu2', 'conv3': 'conv3+relu3',
                    'gap': 'gap+flatten', 'fc': 'fc'},
         'notes': 'conv2 is Keras padding "same" with stride 2 (pads 0 before, 1 after); in '
                  'PyTorch an explicit ZeroPad2d((0,1,0,1)) then padding=0.'},
        {'name': 'dag', 'model': dag, 'pgc_model': dag, 'x': x_dag, 'export': export_dag(dag),
         'targets': [('head_conv', dag.head_relu), ('res_relu', dag.res_relu)],
         'pgc_names': {'head_conv': 'head_relu', 'res_relu': 'res_relu'},
         'layers': {'stem_conv': 'stem_conv', 'stem_bn': 'stem_bn', 'stem_relu': 'stem_relu',
                    'res_conv1': 'res_conv1+res_relu1', 'res_conv2': 'res_conv2',
                    'res_add': '(res_conv2 output) + (stem_relu output)', 'res_relu': 'res_relu',
                    'pool': 'pool', 'head_conv': 'head_conv+head_relu', 'gap': 'gap+flatten',
                    'fc': 'fc'},
         'notes': 'res_conv2 has a +1.5 bias so that no 2x2 max-pool window after res_relu is all '
                  'zeros for any input used (checked), because frameworks route the gradient of '
                  'tied maxima differently.'},
        {'name': 'nested', 'model': nested_full, 'pgc_model': nested_logits, 'x': x_nested,
         'export': export_nested(nested_full),
         'targets': [('base/pw', nested_logits.base.pw_relu), ('base/conv1', nested_logits.base.conv1_relu)],
         'pgc_names': {'base/pw': 'base.pw_relu', 'base/conv1': 'base.conv1_relu'},
         'layers': {'base/conv1': 'base.conv1+base.conv1_relu',
                    'base/dw': 'base.dw_pad+base.dw+base.dw_relu',
                    'base/pw': 'base.pw+base.pw_relu', 'gap': 'gap+flatten',
                    'fc': 'fc+softmax'},
         'notes': 'The model ends in softmax (fused into the Dense "fc" in tfjs). PGC ran on the '
                  'same modules WITHOUT the final softmax, so every score, class and map here is '
                  'for the logits, matching the library default (logits: true). "logits" are the '
                  'pre-softmax values; "outputs" are what the full model (and tfjs predict) returns.'},
    ]

    models_meta, all_cases, all_guided = {}, [], []
    for spec in specs:
        topo, weights = spec['export']
        write_tfjs_model(spec['name'], topo, weights)
        with torch.no_grad():
            outputs = spec['model'](spec['x']).numpy()
        logits, cases, guided, ablation_min_zero = model_cases(spec)
        models_meta[spec['name']] = {
            'inputShapeNchw': list(spec['x'].shape),
            'input': enc(nchw_to_nhwc(spec['x'].numpy())),
            'logits': enc(logits), 'outputs': enc(outputs),
            'outputIsSoftmax': spec['name'] == 'nested',
            'targetLayers': [t for t, _ in spec['targets']],
            'layers': spec['layers'], 'pgcTargetModules': spec['pgc_names'],
            'ablationLayerMinIsZero': ablation_min_zero,
            'notes': spec['notes'],
        }
        all_cases += cases
        all_guided += guided

    meta = {
        'generator': 'tools/parity/generate.py',
        'encoding': 'arrays are {shape, b64}: float32 little-endian, row-major, base64; maps are '
                    'NHWC ([B,h,w]); inputs [B,H,W,C]; guided-backprop gradients [B,H,W,3]',
        'versions': {
            'python': platform.python_version(), 'torch': torch.__version__,
            'numpy': np.__version__, 'opencv': cv2.__version__, 'scipy': scipy.__version__,
            'pytorchGradCamCommit': pgc_commit, 'ttach': 'local stand-in (see README)',
        },
        'fixedClasses': FIXED_CLASSES,
        'notes': [
            'raw = what PGC get_cam_image returns per target layer (before ReLU and min-max); '
            'final = the output of cam(...).',
            'finalNegated (SVD-based maps: EigenCAM, EigenGradCAM, eigenSmooth) = PGC post-processing '
            'applied to -raw; the SVD sign is arbitrary per sample, so compare each sample with '
            'final or finalNegated.',
            'classIndex null = PGC default targets (arg-max of the logits per sample).',
            'augSmooth: PGC runs each of the 6 variants with its own targets; with classIndex null '
            'each variant explains its own arg-max (augVariants[i].classes). raw = the identity '
            'variant (no flip, factor 1). augVariants[i].raw is in the augmented (flipped) frame.',
            'ScoreCAM batch_size 4 and AblationCAM batch_size 4 (results do not depend on it).',
            'AblationCAM: PGC sets the ablated channel to 0 when the min of the cached activations '
            'is 0 (true for all layers here, see ablationLayerMinIsZero), else to min - 1e7.',
            'GuidedBackprop: PGC GuidedBackpropReLUModel called once per sample with '
            'target_category = the class (null: its own arg-max); grads = d logit / d input, '
            '[B,H,W,3].',
        ],
    }
    out = {'meta': meta, 'models': models_meta, 'cases': all_cases, 'guidedBackprop': all_guided}
    with open(os.path.join(OUT, 'cases.json'), 'w') as f:
        json.dump(out, f, separators=(',', ':'))
        f.write('\n')
    print(f'{len(all_cases)} cases, {len(all_guided)} guided-backprop cases in '
          f'{time.time() - start:.2f} s → {OUT}', file=sys.stderr)


if __name__ == '__main__':
    main()
