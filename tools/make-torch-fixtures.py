"""ONNX files written by PyTorch itself, for descent's import tests (test/interop/onnx-import.test.ts).

Run with Debian's python3-torch (the machine's default python3 is another interpreter):
    /usr/bin/python3 tools/make-torch-fixtures.py test/interop/fixtures
It writes, per model, NAME.onnx (torch.onnx.export, opset 17, dynamic batch) and NAME.json: the
inputs and PyTorch's own outputs on them, which the test reproduces through descent; and for the
convnet, its state_dict as NAME.safetensors (no metadata, as safetensors.torch.save_file writes it).
Seeded, so a rerun writes the same numbers.
"""
import json
import os
import struct
import sys

import torch
from torch import nn


def mlp():
    # Every layer kind an MLP exported from PyTorch brings: Gemm, batch norm with trained running
    # statistics, the activations, dropout (gone in eval mode).
    return nn.Sequential(
        nn.Linear(6, 8), nn.ReLU(), nn.BatchNorm1d(8, eps=1e-3), nn.Linear(8, 7), nn.Tanh(), nn.Dropout(0.5),
        nn.Linear(7, 5), nn.LeakyReLU(0.2), nn.Linear(5, 5, bias=False), nn.ELU(0.7), nn.Linear(5, 4),
        nn.Sigmoid(), nn.Linear(4, 3),
    ), (6,)


def image_mlp():
    # An MLP over 1x4x3 images: Flatten first, a softmax last (the exported model gives probabilities).
    return nn.Sequential(nn.Flatten(), nn.Linear(12, 9), nn.ReLU(), nn.Linear(9, 4), nn.Softmax(dim=1)), (1, 4, 3)


def convnet():
    # A small convnet on 1x8x8 images: convolutions with padding and dilation, batch norm over
    # channels, both pools, flatten, a linear head.
    return nn.Sequential(
        nn.Conv2d(1, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(4, 6, 2, dilation=2, padding=1), nn.Tanh(), nn.AvgPool2d(2, stride=1),
        nn.Flatten(), nn.Linear(6 * 3 * 3, 3),
    ), (1, 8, 8)


def global_pool_net():
    # Global average pooling (AdaptiveAvgPool2d(1)) before the head, and a strided convolution.
    return nn.Sequential(
        nn.Conv2d(2, 5, 3, stride=2, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(5, 2),
    ), (2, 7, 7)


def save_safetensors(state, path):
    # The format as specified: an 8-byte little-endian header length, the JSON header (dtype, shape
    # and byte range of each tensor), then the little-endian bytes; written here so the fixture does
    # not need the safetensors package (Debian has none) and shares no code with descent's writer.
    codes = {torch.float32: 'F32', torch.int64: 'I64'}
    header, blobs, offset = {}, [], 0
    for name, t in state.items():
        data = t.detach().contiguous().numpy().astype(t.numpy().dtype.newbyteorder('<')).tobytes()
        header[name] = {'dtype': codes[t.dtype], 'shape': list(t.shape), 'data_offsets': [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(',', ':')).encode()
    text += b' ' * (-len(text) % 8)
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(text)) + text + b''.join(blobs))


def main(out):
    os.makedirs(out, exist_ok=True)
    for name, make in [('torch-mlp', mlp), ('torch-image-mlp', image_mlp), ('torch-convnet', convnet), ('torch-global-pool', global_pool_net)]:
        torch.manual_seed(7)
        model, sample = make()
        model.train()
        with torch.no_grad():
            for _ in range(5):  # running statistics away from their initial 0 and 1
                model(torch.randn(32, *sample) * 2 + 0.5)
        model.eval()
        x = torch.randn(5, *sample)
        with torch.no_grad():
            y = model(x)
        torch.onnx.export(
            model, x, os.path.join(out, f'{name}.onnx'), opset_version=17, input_names=['input'],
            output_names=['output'], dynamic_axes={'input': {0: 'batch'}, 'output': {0: 'batch'}},
        )
        if name == 'torch-convnet':
            save_safetensors(model.state_dict(), os.path.join(out, f'{name}.safetensors'))
        with open(os.path.join(out, f'{name}.json'), 'w') as f:
            json.dump({
                'torch': torch.__version__, 'sampleShape': list(sample),
                'inputs': x.reshape(x.shape[0], -1).tolist(), 'outputs': y.tolist(),
                'softmax': isinstance(model[-1], nn.Softmax),
            }, f, indent=1)
            f.write('\n')


if __name__ == '__main__':
    main(sys.argv[1] if len(sys.argv) > 1 else 'test/interop/fixtures')
