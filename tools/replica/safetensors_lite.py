"""A small safetensors reader and writer (the format: an 8-byte little-endian header size, a JSON header, the raw
tensors), so the replica needs nothing beyond Debian's python3-torch and python3-numpy."""
import json
import os
import struct

import numpy as np
import torch

_NUMPY = {"F64": np.float64, "F32": np.float32, "I64": np.int64, "I32": np.int32}
_CODES = {np.dtype(v): k for k, v in _NUMPY.items()}


def read(path):
    """(tensors as torch tensors, metadata dict) of a safetensors file."""
    with open(path, "rb") as f:
        blob = f.read()
    (size,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8:8 + size].decode("utf-8"))
    metadata = header.pop("__metadata__", {}) or {}
    base = 8 + size
    tensors = {}
    for name, entry in header.items():
        dtype = entry["dtype"]
        if dtype not in _NUMPY:
            raise ValueError(f"{path}: tensor '{name}' has dtype {dtype}; the replica reads {sorted(_NUMPY)}")
        begin, end = entry["data_offsets"]
        array = np.frombuffer(blob[base + begin:base + end], dtype=_NUMPY[dtype]).reshape(entry["shape"])
        tensors[name] = torch.from_numpy(array.copy())
    return tensors, metadata


def write(path, tensors, metadata=None):
    """Writes {name: tensor or array} (float64, float32, int64 or int32) atomically: a temporary file, then a rename."""
    header = {}
    chunks = []
    offset = 0
    for name, value in tensors.items():
        array = value.detach().cpu().numpy() if isinstance(value, torch.Tensor) else np.asarray(value)
        array = np.ascontiguousarray(array)
        if array.dtype not in _CODES:
            raise ValueError(f"tensor '{name}' has dtype {array.dtype}; write float64, float32, int64 or int32")
        data = array.tobytes()
        header[name] = {"dtype": _CODES[array.dtype], "shape": list(array.shape), "data_offsets": [offset, offset + len(data)]}
        chunks.append(data)
        offset += len(data)
    if metadata:
        header["__metadata__"] = {k: str(v) for k, v in metadata.items()}
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    temporary = path + ".tmp"
    with open(temporary, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for data in chunks:
            f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(temporary, path)
